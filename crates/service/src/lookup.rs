//! Finding what a request names (a round, an organisation, a catalog, a criterion), with a
//! sentence in both languages when it does not exist.

use scorecard_domain::{Catalog, CriterionCode, OrgId, Organization, Round, RoundId};
use scorecard_store::Store;

use crate::ServiceError;

/// The round with this id, which must exist.
pub async fn round(store: &dyn Store, id: &str) -> Result<Round, ServiceError> {
    let parsed = round_id(id)?;
    store.round(&parsed).await?.ok_or_else(|| missing_round(id))
}

/// The id of a round a request names; one that cannot be an id names no round.
pub fn round_id(id: &str) -> Result<RoundId, ServiceError> {
    RoundId::parse(id).map_err(|_| missing_round(id))
}

/// That the round named does not exist.
pub fn missing_round(id: &str) -> ServiceError {
    ServiceError::not_found(format!("đợt kiểm tra `{id}`"), format!("Round `{id}`"))
}

/// The organisation with this id among `organizations`, which must be there.
pub fn organization<'a>(
    organizations: &'a [Organization],
    id: &str,
) -> Result<&'a Organization, ServiceError> {
    let missing = || ServiceError::not_found(format!("đơn vị `{id}`"), format!("Organisation `{id}`"));
    let parsed = OrgId::parse(id).map_err(|_| missing())?;
    organizations.iter().find(|o| o.id == parsed).ok_or_else(missing)
}

/// The catalog a round uses.
pub async fn catalog_of(store: &dyn Store, round: &Round) -> Result<Catalog, ServiceError> {
    store.catalog(&round.catalog).await?.ok_or_else(|| {
        ServiceError::not_found(
            format!("bộ tiêu chí `{}`", round.catalog),
            format!("Catalog `{}`", round.catalog),
        )
    })
}

/// A criterion of the catalog, which must be in it.
pub fn criterion(catalog: &Catalog, code: &str) -> Result<CriterionCode, ServiceError> {
    let missing = || {
        ServiceError::not_found(
            format!("tiêu chí `{code}` trong bộ tiêu chí `{}`", catalog.id),
            format!("Criterion `{code}` in catalog `{}`", catalog.id),
        )
    };
    let parsed = CriterionCode::parse(code).map_err(|_| missing())?;
    catalog
        .criterion(&parsed)
        .map(|c| c.code.clone())
        .ok_or_else(missing)
}
