//! Compact linear models over hashed features: what a sentence does (its
//! role) and what a ticket is (its kind), learned from labelled real text
//! (`training/`, `docs/labelling.md`). The weights are data, embedded from
//! `rules/models/` like the language packs.
//!
//! A model is a weight per (feature bucket, class), stored only for the
//! buckets seen in training, quantised to `i8` with a scale per class. A
//! feature is a string ("w:refund", "c:рой", "ru|k:failure") hashed with
//! [`feature_hash`]; `training/` reads the same hashes from
//! `cargo run --example features`, so the two sides cannot disagree.
//!
//! File layout (little-endian): `TLM1`, `u32` classes, `u32` hash bits, `u32`
//! rows; per class a `u8` length and its UTF-8 name; `f32` biases; `f32`
//! scales; `u32` bucket indices, ascending; `i8` weights, `classes` per row.

use std::sync::OnceLock;

/// A multinomial linear model, read from its bytes.
#[derive(Debug)]
pub struct LinearModel {
    classes: Vec<String>,
    bits: u32,
    bias: Vec<f32>,
    scale: Vec<f32>,
    weights: Vec<i8>,
    /// Per hash bucket, its row plus one, or 0: a lookup per feature
    /// instead of a search.
    rows: Vec<u32>,
}

/// What is wrong with a model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ModelError {}

/// A byte reader that names what it expected when the file ends early.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| ModelError(format!("ends inside {what} at byte {}", self.pos)))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn u32(&mut self, what: &str) -> Result<u32, ModelError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32s(&mut self, n: usize, what: &str) -> Result<Vec<f32>, ModelError> {
        Ok(self
            .take(n * 4, what)?
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }
}

impl LinearModel {
    pub fn from_bytes(bytes: &[u8]) -> Result<LinearModel, ModelError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(4, "the magic number")? != b"TLM1" {
            return Err(ModelError("not a ticketlint model (no TLM1 magic)".into()));
        }
        let n = r.u32("the class count")? as usize;
        let bits = r.u32("the hash width")?;
        let rows = r.u32("the row count")? as usize;
        if n == 0 || n > 64 || !(8..=24).contains(&bits) {
            return Err(ModelError(format!(
                "implausible header: {n} classes, {bits} hash bits"
            )));
        }
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.take(1, "a class name")?[0] as usize;
            let name = std::str::from_utf8(r.take(len, "a class name")?)
                .map_err(|_| ModelError("a class name is not UTF-8".into()))?;
            classes.push(name.to_string());
        }
        let bias = r.f32s(n, "the biases")?;
        let scale = r.f32s(n, "the scales")?;
        let index: Vec<u32> = r
            .take(rows * 4, "the bucket indices")?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if index.windows(2).any(|w| w[0] >= w[1]) || index.last().is_some_and(|&i| i >> bits != 0) {
            return Err(ModelError(
                "bucket indices are not ascending inside the hash width".into(),
            ));
        }
        let weights = r
            .take(rows * n, "the weights")?
            .iter()
            .map(|&b| b as i8)
            .collect();
        if r.pos != bytes.len() {
            return Err(ModelError(format!(
                "{} bytes after the weights",
                bytes.len() - r.pos
            )));
        }
        let mut rows = vec![0u32; 1usize << bits];
        for (row, &bucket) in index.iter().enumerate() {
            rows[bucket as usize] = row as u32 + 1;
        }
        Ok(LinearModel {
            classes,
            bits,
            bias,
            scale,
            weights,
            rows,
        })
    }

    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// The bucket of a feature's hash in this model.
    pub fn bucket(&self, hash: u64) -> u32 {
        (hash & ((1u64 << self.bits) - 1)) as u32
    }

    /// Class probabilities (softmax of the scores) for a bag of feature
    /// hashes, each counted once per occurrence.
    pub fn predict(&self, hashes: &[u64]) -> Vec<f32> {
        let n = self.classes.len();
        let mut raw = vec![0i32; n];
        for &h in hashes {
            let row = self.rows[self.bucket(h) as usize] as usize;
            if let Some(row) = row.checked_sub(1) {
                for (acc, &w) in raw.iter_mut().zip(&self.weights[row * n..row * n + n]) {
                    *acc += i32::from(w);
                }
            }
        }
        let scores: Vec<f32> = (0..n)
            .map(|c| self.bias[c] + raw[c] as f32 * self.scale[c])
            .collect();
        softmax(&scores)
    }
}

fn softmax(scores: &[f32]) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
    let sum: f32 = exp.iter().sum();
    exp.iter().map(|e| e / sum).collect()
}

/// FNV-1a, 64 bits, over the feature's bytes: fixed by its definition, so
/// the weights stay valid whatever the Rust version.
pub fn feature_hash(parts: &[&str]) -> u64 {
    continue_hash(0xcbf2_9ce4_8422_2325, parts)
}

/// [`feature_hash`] of a prefix followed by `parts`, from the prefix's hash.
pub fn continue_hash(prefix: u64, parts: &[&str]) -> u64 {
    let mut h = prefix;
    for part in parts {
        for &b in part.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

static ROLES: &[u8] = include_bytes!("../rules/models/roles.tlm");
static KIND: &[u8] = include_bytes!("../rules/models/kind.tlm");

/// The embedded models: sentence roles and ticket kind.
pub struct Models {
    pub roles: LinearModel,
    pub kind: LinearModel,
}

impl Models {
    pub fn embedded() -> &'static Models {
        static MODELS: OnceLock<Models> = OnceLock::new();
        MODELS.get_or_init(|| Models {
            roles: LinearModel::from_bytes(ROLES).expect("embedded roles model is valid"),
            kind: LinearModel::from_bytes(KIND).expect("embedded kind model is valid"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model file written the way `training/train.py` writes one.
    fn model_bytes(classes: &[&str], bias: &[f32], rows: &[(u32, Vec<i8>)]) -> Vec<u8> {
        let mut b = b"TLM1".to_vec();
        b.extend((classes.len() as u32).to_le_bytes());
        b.extend(16u32.to_le_bytes());
        b.extend((rows.len() as u32).to_le_bytes());
        for c in classes {
            b.push(c.len() as u8);
            b.extend(c.as_bytes());
        }
        for x in bias {
            b.extend(x.to_le_bytes());
        }
        for _ in classes {
            b.extend(0.5f32.to_le_bytes());
        }
        for (i, _) in rows {
            b.extend(i.to_le_bytes());
        }
        for (_, w) in rows {
            b.extend(w.iter().map(|&x| x as u8));
        }
        b
    }

    #[test]
    fn weights_of_the_features_present_decide() {
        let hello = feature_hash(&["w:", "hello"]) & 0xffff;
        let bytes = model_bytes(&["a", "b"], &[0.0, 0.0], &[(hello as u32, vec![-4, 4])]);
        let m = LinearModel::from_bytes(&bytes).unwrap();
        let p = m.predict(&[feature_hash(&["w:", "hello"])]);
        assert!(p[1] > 0.98, "{p:?}");
        let p = m.predict(&[feature_hash(&["w:", "other"])]);
        assert!((p[0] - 0.5).abs() < 1e-6, "{p:?}");
        // Counted per occurrence.
        let twice = m.predict(&[hello, hello]);
        assert!(twice[1] > p[1] && twice[1] > 0.999);
    }

    #[test]
    fn broken_files_are_named_not_panics() {
        let good = model_bytes(
            &["a", "b"],
            &[0.0, 0.0],
            &[(3, vec![1, 2]), (9, vec![3, 4])],
        );
        assert!(LinearModel::from_bytes(&good).is_ok());
        for cut in 0..good.len() {
            assert!(
                LinearModel::from_bytes(&good[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        let unsorted = model_bytes(
            &["a", "b"],
            &[0.0, 0.0],
            &[(9, vec![1, 2]), (3, vec![3, 4])],
        );
        assert!(LinearModel::from_bytes(&unsorted).is_err());
        assert!(LinearModel::from_bytes(b"NOPE").is_err());
    }

    #[test]
    fn the_hash_is_fnv1a() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(feature_hash(&[""]), 0xcbf29ce484222325);
        assert_eq!(feature_hash(&["a"]), 0xaf63dc4c8601ec8c);
        assert_eq!(feature_hash(&["foo", "bar"]), feature_hash(&["foobar"]));
        assert_eq!(
            continue_hash(feature_hash(&["ru|"]), &["w:", "да"]),
            feature_hash(&["ru|w:да"])
        );
    }

    #[test]
    fn the_embedded_models_load() {
        let m = Models::embedded();
        assert!(m.roles.classes().iter().any(|c| c == "vague"));
        assert!(m.kind.classes().iter().any(|c| c == "problem"));
    }
}
