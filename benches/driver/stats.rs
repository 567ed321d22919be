//! Percentiles (nearest rank, as in crates/faelles-core/benches/notes.rs) and timing helpers.

use std::time::Instant;

/// p50/p95/p99/max of a sample, in the sample's unit.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    pub n: usize,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
    pub min: f64,
}

impl Summary {
    pub fn of(values: &[f64]) -> Summary {
        if values.is_empty() {
            return Summary::default();
        }
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let q = |p: f64| v[((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1];
        Summary {
            n: v.len(),
            p50: q(0.50),
            p95: q(0.95),
            p99: q(0.99),
            max: v[v.len() - 1],
            min: v[0],
        }
    }

    /// "p50 1.23 / p95 2.34 / p99 3.45 ms"
    pub fn ms(&self) -> String {
        format!(
            "p50 {} / p95 {} / p99 {} ms",
            num(self.p50),
            num(self.p95),
            num(self.p99)
        )
    }
}

/// A number with sensible precision for milliseconds.
pub fn num(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else if x.abs() >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

/// Runs `f` `warmup` times unmeasured, then `n` times; returns milliseconds per run.
pub fn time_ms(warmup: usize, n: usize, mut f: impl FnMut()) -> Vec<f64> {
    for _ in 0..warmup {
        f();
    }
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

/// Milliseconds since the Unix epoch (the clock both webviews' stamps use).
pub fn unix_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}
