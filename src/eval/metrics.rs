//! Retrieval metrics, accumulated per tag: top-k accuracy, MRR@10, recall@k,
//! abstention rates, latency percentiles. Pure arithmetic, no I/O.

use std::collections::BTreeMap;

/// Accumulates one system's results over an evaluation set.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub n: usize,
    pub top1: usize,
    pub top3: usize,
    pub rr_sum: f64,
    /// Recall@k for k = 1, 5, 10 (articles).
    pub r1: usize,
    pub r5: usize,
    pub r10: usize,
    /// In-scope questions the system abstained on.
    pub false_abstain: usize,
    /// Out-of-scope questions the system abstained on.
    pub oos_abstained: usize,
    pub oos_n: usize,
}

/// 1-based rank of the first relevant item within the first `k`.
pub fn first_rank<T: PartialEq>(ranked: &[T], gold: &[T], k: usize) -> Option<usize> {
    ranked
        .iter()
        .take(k)
        .position(|r| gold.contains(r))
        .map(|i| i + 1)
}

impl Tally {
    /// A procedure-routing result: `chosen` is the answer (None = abstained),
    /// `ranked` the candidate list.
    pub fn add_routing(&mut self, chosen: Option<&str>, ranked: &[String], gold: &[String]) {
        self.n += 1;
        if chosen.is_some_and(|c| gold.iter().any(|g| g == c)) {
            self.top1 += 1;
        }
        if chosen.is_none() {
            self.false_abstain += 1;
        }
        if let Some(r) = first_rank(ranked, gold, 10) {
            if r <= 3 {
                self.top3 += 1;
            }
            self.rr_sum += 1.0 / r as f64;
        }
    }

    /// An article-retrieval result.
    pub fn add_articles<T: PartialEq>(&mut self, ranked: &[T], gold: &[T]) {
        self.n += 1;
        if let Some(r) = first_rank(ranked, gold, 10) {
            self.r10 += 1;
            if r <= 5 {
                self.r5 += 1;
            }
            if r == 1 {
                self.r1 += 1;
            }
            self.rr_sum += 1.0 / r as f64;
        }
    }

    /// An out-of-scope question.
    pub fn add_oos(&mut self, abstained: bool) {
        self.oos_n += 1;
        if abstained {
            self.oos_abstained += 1;
        }
    }

    fn ratio(a: usize, n: usize) -> f64 {
        if n == 0 {
            0.0
        } else {
            a as f64 / n as f64
        }
    }

    pub fn top1(&self) -> f64 {
        Self::ratio(self.top1, self.n)
    }
    pub fn top3(&self) -> f64 {
        Self::ratio(self.top3, self.n)
    }
    pub fn mrr(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.rr_sum / self.n as f64
        }
    }
    pub fn recall(&self, k: usize) -> f64 {
        let hits = match k {
            1 => self.r1,
            5 => self.r5,
            _ => self.r10,
        };
        Self::ratio(hits, self.n)
    }
    pub fn false_abstention(&self) -> f64 {
        Self::ratio(self.false_abstain, self.n)
    }
    pub fn abstention(&self) -> f64 {
        Self::ratio(self.oos_abstained, self.oos_n)
    }
}

/// Tallies by tag, plus the overall one under `"all"`.
#[derive(Debug, Default, Clone)]
pub struct ByTag(pub BTreeMap<String, Tally>);

impl ByTag {
    /// Apply `f` to the overall tally and to each tag's.
    pub fn each(&mut self, tags: &[String], mut f: impl FnMut(&mut Tally)) {
        f(self.0.entry("all".into()).or_default());
        for t in tags {
            f(self.0.entry(t.clone()).or_default());
        }
    }

    pub fn all(&self) -> Tally {
        self.0.get("all").cloned().unwrap_or_default()
    }
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Latency {
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Latency {
    pub fn from_micros(mut samples: Vec<u64>) -> Self {
        if samples.is_empty() {
            return Self::default();
        }
        samples.sort_unstable();
        let at = |q: f64| {
            let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples[i.min(samples.len() - 1)] as f64 / 1000.0
        };
        Latency {
            p50_ms: at(0.50),
            p90_ms: at(0.90),
            p99_ms: at(0.99),
            max_ms: at(1.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routing_counts_top1_top3_and_reciprocal_rank() {
        let mut t = Tally::default();
        let g = vec!["b".to_string()];
        t.add_routing(Some("a"), &["a".into(), "b".into()], &g);
        t.add_routing(Some("b"), &["b".into()], &g);
        t.add_routing(None, &["x".into()], &g);
        assert_eq!((t.top1, t.top3, t.false_abstain), (1, 2, 1));
        assert!((t.mrr() - (0.5 + 1.0) / 3.0).abs() < 1e-9);
    }

    #[test]
    fn percentiles_of_a_known_sample() {
        let l = Latency::from_micros((1..=100).map(|x| x * 1000).collect());
        assert_eq!(l.p50_ms.round(), 51.0);
        assert_eq!(l.max_ms, 100.0);
    }
}
