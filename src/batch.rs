//! Many tickets at once: work is done in chunks on a thread pool, results are
//! handed on in input order, so output is the same whatever the scheduling,
//! and memory holds two chunks whatever the number of inputs: the one being
//! worked on and the one whose results are being handed on.

use std::num::NonZeroUsize;

use rayon::prelude::*;

/// Tickets per chunk and thread: enough to keep every thread busy, few
/// enough that a chunk's tickets and results stay small.
const PER_THREAD: usize = 128;

/// Bytes of input per chunk, whatever the number of items: a chunk of large
/// NDJSON records is cut short, so that two chunks and their results stay
/// within a few hundred megabytes.
const CHUNK_BYTES: usize = 32 << 20;

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
        emit: impl FnMut(R) -> Result<(), E>,
    ) -> Result<(), E>
    where
        T: Send,
        R: Send,
    {
        self.run_sized(items, |_| 0, work, emit)
    }

    /// [`Batch::run`] over items of `size_of` bytes each: a chunk ends early
    /// once its items reach [`CHUNK_BYTES`].
    pub fn run_sized<T, R, E>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        size_of: impl Fn(&T) -> usize,
        work: impl Fn(T) -> R + Sync,
        mut emit: impl FnMut(R) -> Result<(), E>,
    ) -> Result<(), E>
    where
        T: Send,
        R: Send,
    {
        let mut items = items.into_iter();
        let size = self.jobs * PER_THREAD;
        let take = |items: &mut dyn Iterator<Item = T>| chunk(items, size, CHUNK_BYTES, &size_of);
        let mut chunk: Vec<T> = take(&mut items);
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
            chunk = take(&mut items);
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

/// The next items: at most `size`, and no more once they reach `bytes` (but
/// always one, however large).
fn chunk<T>(
    items: &mut dyn Iterator<Item = T>,
    size: usize,
    bytes: usize,
    size_of: &impl Fn(&T) -> usize,
) -> Vec<T> {
    let (mut chunk, mut total) = (Vec::new(), 0);
    while chunk.len() < size && (chunk.is_empty() || total < bytes) {
        let Some(item) = items.next() else { break };
        total += size_of(&item);
        chunk.push(item);
    }
    chunk
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_end_at_their_count_or_their_bytes() {
        let sizes = [3usize, 3, 3, 10, 1, 1, 1, 1, 1];
        let mut items = sizes.iter().copied();
        let mut chunks = Vec::new();
        loop {
            let next = chunk(&mut items, 4, 6, &|&n: &usize| n);
            if next.is_empty() {
                break;
            }
            chunks.push(next);
        }
        assert_eq!(
            chunks,
            vec![vec![3, 3], vec![3, 10], vec![1, 1, 1, 1], vec![1]]
        );
    }

    #[test]
    fn sized_runs_keep_order() {
        let mut batch = Batch::new(NonZeroUsize::new(2));
        let mut seen = Vec::new();
        batch
            .run_sized(
                (0..300usize).map(|i| vec![0u8; (i % 7) << 20]),
                Vec::len,
                |v| v.len(),
                |n| {
                    seen.push(n);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
        assert_eq!(seen, (0..300).map(|i| (i % 7) << 20).collect::<Vec<_>>());
    }

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
