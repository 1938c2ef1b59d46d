//! A sorted set of creation sequence numbers with positional and keyset access: the ordered
//! index behind every list the emulator pages through.
//!
//! Sequence numbers grow with creation, so "sorted by sequence" is "creation order", which keeps
//! paging stable. The set is a list of sorted chunks: appending is O(1), inserting or removing
//! in the middle costs one chunk (at most `2 * CHUNK` moves), and finding the n-th element scans
//! only the chunk lengths — a page costs O(n / CHUNK + page), not O(offset).

/// Chunks are split when they grow beyond twice this size.
const CHUNK: usize = 512;

/// Sorted, duplicate-free `u32`s.
#[derive(Debug, Clone, Default)]
pub struct SeqList {
    chunks: Vec<Vec<u32>>,
    len: usize,
}

impl SeqList {
    pub fn new() -> Self {
        SeqList::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Index of the chunk that holds `seq` or would receive it. Chunks are never empty.
    fn chunk_for(&self, seq: u32) -> usize {
        let i = self
            .chunks
            .partition_point(|c| c.last().is_some_and(|&last| last < seq));
        i.min(self.chunks.len().saturating_sub(1))
    }

    #[cfg(test)]
    pub fn contains(&self, seq: u32) -> bool {
        if self.chunks.is_empty() {
            return false;
        }
        self.chunks[self.chunk_for(seq)].binary_search(&seq).is_ok()
    }

    /// Adds `seq`; false if it was already present.
    pub fn insert(&mut self, seq: u32) -> bool {
        if self.chunks.is_empty() {
            self.chunks.push(vec![seq]);
            self.len = 1;
            return true;
        }
        let ci = self.chunk_for(seq);
        let last_chunk = ci + 1 == self.chunks.len();
        let chunk = &mut self.chunks[ci];
        let Err(pos) = chunk.binary_search(&seq) else {
            return false;
        };
        if pos == chunk.len() && chunk.len() >= CHUNK && last_chunk {
            // The common case, a new record: start a fresh chunk instead of splitting.
            self.chunks.push(vec![seq]);
        } else {
            chunk.insert(pos, seq);
            if chunk.len() > 2 * CHUNK {
                let tail = chunk.split_off(CHUNK);
                self.chunks.insert(ci + 1, tail);
            }
        }
        self.len += 1;
        true
    }

    /// Removes `seq`; false if it was absent.
    pub fn remove(&mut self, seq: u32) -> bool {
        if self.chunks.is_empty() {
            return false;
        }
        let ci = self.chunk_for(seq);
        let chunk = &mut self.chunks[ci];
        let Ok(pos) = chunk.binary_search(&seq) else {
            return false;
        };
        chunk.remove(pos);
        if chunk.is_empty() {
            self.chunks.remove(ci);
        }
        self.len -= 1;
        true
    }

    /// Every element, in order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.chunks.iter().flatten().copied()
    }

    /// The elements from position `offset` on.
    pub fn iter_from(&self, offset: usize) -> impl Iterator<Item = u32> + '_ {
        let mut skip = offset;
        let mut ci = 0;
        while ci < self.chunks.len() && skip >= self.chunks[ci].len() {
            skip -= self.chunks[ci].len();
            ci += 1;
        }
        self.tail(ci, skip)
    }

    /// The elements greater than `seq` (keyset paging: stable under concurrent changes).
    pub fn iter_after(&self, seq: u32) -> impl Iterator<Item = u32> + '_ {
        let ci = self
            .chunks
            .partition_point(|c| c.last().is_some_and(|&last| last <= seq));
        let within = self
            .chunks
            .get(ci)
            .map_or(0, |c| c.partition_point(|&x| x <= seq));
        self.tail(ci, within)
    }

    fn tail(&self, ci: usize, within: usize) -> impl Iterator<Item = u32> + '_ {
        let first = self
            .chunks
            .get(ci)
            .map_or(&[][..], |c| c.get(within..).unwrap_or(&[]));
        let rest = self.chunks.get(ci + 1..).unwrap_or(&[]);
        first.iter().chain(rest.iter().flatten()).copied()
    }
}

impl FromIterator<u32> for SeqList {
    /// Builds from any order; duplicates are dropped.
    fn from_iter<I: IntoIterator<Item = u32>>(iter: I) -> Self {
        let mut all: Vec<u32> = iter.into_iter().collect();
        all.sort_unstable();
        all.dedup();
        let len = all.len();
        let chunks = all.chunks(CHUNK).map(<[u32]>::to_vec).collect();
        SeqList { chunks, len }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// A deterministic pseudo-random sequence, so failures reproduce.
    fn lcg(state: &mut u64) -> u32 {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (*state >> 33) as u32
    }

    #[test]
    fn behaves_like_a_btreeset_under_random_changes() {
        let mut list = SeqList::new();
        let mut model = BTreeSet::new();
        let mut rng = 7;
        for step in 0..40_000 {
            let v = lcg(&mut rng) % 5_000;
            if step % 3 == 0 {
                assert_eq!(list.remove(v), model.remove(&v));
            } else {
                assert_eq!(list.insert(v), model.insert(v));
            }
        }
        assert_eq!(list.len(), model.len());
        assert!(list.iter().eq(model.iter().copied()));
        for offset in [
            0,
            1,
            511,
            512,
            1000,
            model.len() - 1,
            model.len(),
            model.len() + 5,
        ] {
            assert!(
                list.iter_from(offset)
                    .eq(model.iter().copied().skip(offset)),
                "offset {offset}"
            );
        }
        for probe in [0, 1, 777, 2500, 4999, 5000, u32::MAX] {
            assert!(
                list.iter_after(probe)
                    .eq(model.range(probe.saturating_add(1)..).copied()),
                "after {probe}"
            );
            assert_eq!(list.contains(probe), model.contains(&probe));
        }
    }

    #[test]
    fn appending_in_order_fills_chunks_and_pages_by_position() {
        let list: SeqList = (0..10_000).collect();
        assert_eq!(list.len(), 10_000);
        let page: Vec<u32> = list.iter_from(9_950).take(100).collect();
        assert_eq!(page, (9_950..10_000).collect::<Vec<_>>());
        let mut appended = SeqList::new();
        for v in 0..3_000 {
            assert!(appended.insert(v));
        }
        assert!(appended.iter().eq(0..3_000));
        assert!(appended.chunks.iter().all(|c| c.len() <= 2 * CHUNK));
    }

    #[test]
    fn empty_list_answers_everything() {
        let mut list = SeqList::new();
        assert!(list.is_empty());
        assert!(!list.contains(3));
        assert!(!list.remove(3));
        assert_eq!(list.iter_from(2).count(), 0);
        assert_eq!(list.iter_after(2).count(), 0);
    }
}
