//! Many tickets at once: work is done in chunks on a thread pool, results are
//! handed on in input order, so output is the same whatever the scheduling,
//! and memory holds two chunks whatever the number of inputs: the one being
//! worked on and the one whose results are being handed on.

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
        let mut chunk: Vec<T> = items.by_ref().take(size).collect();
        // One item, or one thread: no pool, the work is done here.
        let pool = if chunk.len() > 1 { self.pool() } else { None };
        let Some(pool) = pool else {
            return chunk
                .into_iter()
                .chain(items)
                .try_for_each(|item| emit(work(item)));
        };
        // While the pool works through one chunk, this thread hands on the
        // results of the one before.
        let mut ready: Vec<R> = Vec::new();
        while !chunk.is_empty() {
            let mut next = Vec::new();
            let mut emitted = Ok(());
            pool.in_place_scope(|scope| {
                let chunk = std::mem::take(&mut chunk);
                scope.spawn(|_| next = chunk.into_par_iter().map(&work).collect());
                emitted = ready.drain(..).try_for_each(&mut emit);
            });
            emitted?;
            ready = next;
            chunk = items.by_ref().take(size).collect();
        }
        ready.into_iter().try_for_each(emit)
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
    fn one_item_is_done_without_a_pool() {
        let mut batch = Batch::new(NonZeroUsize::new(4));
        let mut seen = Vec::new();
        let mut keep = |i| {
            seen.push(i);
            Ok::<(), ()>(())
        };
        batch.run([7], |i| i * 2, &mut keep).unwrap();
        assert!(batch.pool.is_none());
        batch.run([1, 2], |i| i * 2, &mut keep).unwrap();
        assert_eq!(seen, [14, 2, 4]);
        assert!(batch.pool.is_some());
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
