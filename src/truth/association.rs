//! Cluster ↔ CaloParticle association (algorithm.md section 1).
//!
//! Each cluster goes to the CaloParticle with its highest score (ties to the lowest calo
//! index) when that score is above [`MIN_ASSOC_SCORE`]; each CaloParticle's "main cluster"
//! (`calo_seed`) is its associated cluster with the highest score (ties to the lowest cluster
//! index) — exactly what the reference's stable sorts give.

use crate::dumper::Jagged;

/// A cluster is associated only with a score strictly above this (`min_sim_fraction`).
pub const MIN_ASSOC_SCORE: f64 = 1e-5;

/// The per-event association.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Association {
    /// Calo index of each cluster, -1 when not associated.
    pub calo_of: Vec<i32>,
    /// Score of each cluster with its calo, -1 when not associated.
    pub score_of: Vec<f64>,
    /// Main cluster of each CaloParticle, -1 when no cluster is associated with it.
    pub calo_seed: Vec<i32>,
}

impl Association {
    /// Computes the association from the score matrix `[cluster][calo]` of an event with
    /// `n_calos` CaloParticles. Rows past the end of `scores` count as empty. A NaN score
    /// never wins (validation rejects NaN scores before this in the exporters).
    pub fn compute(scores: Jagged<'_, f64>, n_clusters: usize, n_calos: usize) -> Self {
        let mut calo_of = vec![-1i32; n_clusters];
        let mut score_of = vec![-1.0f64; n_clusters];
        let mut calo_seed = vec![-1i32; n_calos];
        for i in 0..n_clusters {
            let row = scores.row(i);
            // Columns past the CaloParticles never associate (validation reports them).
            let row = &row[..row.len().min(n_calos)];
            let mut best: Option<(usize, f64)> = None;
            for (c, &s) in row.iter().enumerate() {
                // Strictly greater: the first of equal maxima wins, as a stable descending sort.
                if best.is_none_or(|(_, b)| s > b) && !s.is_nan() {
                    best = Some((c, s));
                }
            }
            if let Some((c, s)) = best
                && s > MIN_ASSOC_SCORE
            {
                calo_of[i] = c as i32;
                score_of[i] = s;
                let cur = calo_seed[c];
                // Clusters come in index order: a later cluster replaces the main cluster
                // only with a strictly higher score.
                if cur < 0 || s > score_of[cur as usize] {
                    calo_seed[c] = i as i32;
                }
            }
        }
        Association {
            calo_of,
            score_of,
            calo_seed,
        }
    }

    /// The main cluster of calo `c`, if any.
    pub fn calo_seed_of(&self, c: i32) -> Option<usize> {
        usize::try_from(c)
            .ok()
            .and_then(|c| self.calo_seed.get(c))
            .and_then(|&s| usize::try_from(s).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dumper::JaggedBuf;

    fn assoc(rows: &[Vec<f64>], n_calos: usize) -> Association {
        let b = JaggedBuf::from_rows(rows);
        Association::compute(b.view(), rows.len(), n_calos)
    }

    #[test]
    fn best_calo_and_threshold() {
        let a = assoc(
            &[
                vec![0.1, 0.7, 0.0],
                vec![0.0, 0.0, 0.0],
                vec![1e-5, 0.0, 0.0],
                vec![2e-5, 0.0, 0.0],
                vec![],
            ],
            3,
        );
        assert_eq!(a.calo_of, vec![1, -1, -1, 0, -1]);
        assert_eq!(a.score_of, vec![0.7, -1.0, -1.0, 2e-5, -1.0]);
        assert_eq!(a.calo_seed, vec![3, 0, -1]);
    }

    #[test]
    fn ties_go_to_lowest_index() {
        // calo tie within a row -> lowest calo; main-cluster tie -> lowest cluster.
        let a = assoc(&[vec![0.3, 0.3], vec![0.5, 0.1], vec![0.5, 0.0]], 2);
        assert_eq!(a.calo_of, vec![0, 0, 0]);
        assert_eq!(a.calo_seed, vec![1, -1]);
    }

    #[test]
    fn nan_never_wins() {
        let a = assoc(&[vec![f64::NAN, 0.2]], 2);
        assert_eq!(a.calo_of, vec![1]);
    }
}
