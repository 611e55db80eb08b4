//! Many tickets at once: work is done in chunks on a thread pool, results are
//! handed on in input order, so output is the same whatever the scheduling,
//! and memory holds one chunk whatever the number of inputs.

use std::num::NonZeroUsize;

use rayon::prelude::*;

/// Tickets per chunk and thread: enough to keep every thread busy, few
/// enough that a chunk's tickets and results stay small.
const PER_THREAD: usize = 128;

pub struct Batch {
    jobs: usize,
    /// Built when a chunk first has more than one item.
    pool: Option<rayon::ThreadPool>,
}

impl Batch {
    /// `jobs` threads; by default one per core.
    pub fn new(jobs: Option<NonZeroUsize>) -> Batch {
        let jobs = jobs
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, NonZeroUsize::get);
        Batch { jobs, pool: None }
    }

    /// Runs `work` on every item and `emit`s the results in the items'
    /// order; stops at the first error `emit` returns.
    pub fn run<T, R, E>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        work: impl Fn(T) -> R + Sync,
        mut emit: impl FnMut(R) -> Result<(), E>,
    ) -> Result<(), E>
    where
        T: Send,
        R: Send,
    {
        let mut items = items.into_iter();
        let size = self.jobs * PER_THREAD;
        loop {
            let chunk: Vec<T> = items.by_ref().take(size).collect();
            if chunk.is_empty() {
                return Ok(());
            }
            let results: Vec<R> = match self.pool() {
                Some(pool) if chunk.len() > 1 => {
                    pool.install(|| chunk.into_par_iter().map(&work).collect())
                }
                _ => chunk.into_iter().map(&work).collect(),
            };
            for result in results {
                emit(result)?;
            }
        }
    }

    fn pool(&mut self) -> Option<&rayon::ThreadPool> {
        if self.jobs > 1 && self.pool.is_none() {
            // Without a pool (threads refused), the work is done here.
            self.pool = rayon::ThreadPoolBuilder::new()
                .num_threads(self.jobs)
                .thread_name(|i| format!("ticketlint-{i}"))
                .build()
                .ok();
        }
        self.pool.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_the_jobs() {
        for jobs in [1, 2, 7] {
            let mut batch = Batch::new(NonZeroUsize::new(jobs));
            let mut seen = Vec::new();
            batch
                .run(
                    0..2000u64,
                    |i| {
                        // Uneven work, so that threads finish out of order.
                        let spin = (i * 7919) % 5000;
                        std::hint::black_box(
                            (0..spin).fold(i, |a, b| a.wrapping_mul(31).wrapping_add(b)),
                        );
                        i
                    },
                    |i| {
                        seen.push(i);
                        Ok::<(), ()>(())
                    },
                )
                .unwrap();
            assert_eq!(seen, (0..2000).collect::<Vec<_>>(), "jobs={jobs}");
        }
    }

    #[test]
    fn an_emit_error_stops_the_run() {
        let mut batch = Batch::new(NonZeroUsize::new(2));
        let mut seen = 0;
        let result = batch.run(
            0..10_000,
            |i| i,
            |i| {
                seen += 1;
                if i == 3 { Err(i) } else { Ok(()) }
            },
        );
        assert_eq!(result, Err(3));
        assert_eq!(seen, 4);
    }
}
