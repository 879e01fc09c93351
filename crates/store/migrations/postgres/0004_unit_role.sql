-- Issue 13: the contact of an inspected organisation, role `unit`, bound to that organisation.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'reviewer', 'inspector', 'leader', 'unit'));
ALTER TABLE users ADD COLUMN organization_id TEXT COLLATE "C" REFERENCES organizations (id);
ALTER TABLE users ADD CONSTRAINT users_unit_organization
    CHECK ((role = 'unit') = (organization_id IS NOT NULL));
