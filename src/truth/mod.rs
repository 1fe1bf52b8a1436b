//! Truth association and the geometry of SuperClustering: calo association, working-point
//! threshold maps, the Mustache and the dynamic dphi window. Constants of
//! `shared/spec/algorithm.md` live here, in one place.

pub mod association;
pub mod derive;
pub mod mustache;
pub mod resolution;
pub mod wp;
