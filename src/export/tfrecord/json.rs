//! Records from NDJSON windows: those scwin writes and those of the original scripts.
//!
//! A line's record starts at its LAST `{"window_index"` (the original loaders'
//! `line[line.rfind('{"window_index"'):]`), which skips a tar header glued before the first
//! record of an archive. Python's `json.dumps` writes `NaN` / `Infinity` / `-Infinity`
//! tokens, which strict JSON rejects: they are read as the matching floats. scwin's fixed
//! mode writes `null` for them, read as NaN.

use serde_json::Value;

use super::record::{
    CLUSTER_FEATURES, CLUSTER_LABELS, ClusterRecord, SEED_FEATURES, SEED_METADATA, TfOptions,
    WindowRecord,
};

/// An NDJSON window that cannot become a record: a missing key or a value of the wrong kind.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct JsonWindowError(pub String);

fn err<T>(msg: String) -> Result<T, JsonWindowError> {
    Err(JsonWindowError(msg))
}

const MARKER: &[u8] = b"{\"window_index\"";

/// The record part of an NDJSON line: from the last `{"window_index"` to the end, with
/// trailing whitespace and NUL padding (tar) removed. `None` when the line has no marker.
pub fn record_slice(line: &[u8]) -> Option<&[u8]> {
    let start = line.windows(MARKER.len()).rposition(|w| w == MARKER)?;
    let rec = &line[start..];
    let end = rec
        .iter()
        .rposition(|&c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n' | 0))
        .map_or(0, |p| p + 1);
    Some(&rec[..end])
}

/// Parses one JSON window, accepting Python's `NaN`, `Infinity` and `-Infinity` tokens.
pub fn parse_json_lenient(text: &[u8]) -> Result<Value, JsonWindowError> {
    match serde_json::from_slice(text) {
        Ok(v) => Ok(v),
        Err(e) => {
            let quoted = quote_nonfinite(text);
            if quoted.len() == text.len() {
                return err(format!("invalid JSON: {e}"));
            }
            serde_json::from_slice(&quoted)
                .map_err(|e| JsonWindowError(format!("invalid JSON: {e}")))
        }
    }
}

/// Rewrites bare `NaN`, `Infinity`, `-Infinity` tokens (outside strings) as JSON strings,
/// which [`number`] reads back as floats.
fn quote_nonfinite(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 64);
    let mut i = 0;
    let mut in_str = false;
    while i < text.len() {
        let c = text[i];
        if in_str {
            out.push(c);
            if c == b'\\' && i + 1 < text.len() {
                out.push(text[i + 1]);
                i += 1;
            } else if c == b'"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        let rest = &text[i..];
        let token: Option<&[u8]> = [&b"NaN"[..], b"Infinity", b"-Infinity"]
            .into_iter()
            .find(|t| rest.starts_with(t));
        if let Some(t) = token {
            out.push(b'"');
            out.extend_from_slice(t);
            out.push(b'"');
            i += t.len();
            continue;
        }
        if c == b'"' {
            in_str = true;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// A numeric value: numbers, booleans (0/1), `null` (NaN, scwin fixed mode) and the quoted
/// non-finite tokens of [`quote_nonfinite`].
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(*b as u8 as f64),
        Value::Null => Some(f64::NAN),
        Value::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        _ => None,
    }
}

/// An integer value (labels, counts): booleans, integers, or integral floats.
fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(*b as i64),
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18)
                .map(|f| f as i64)
        }),
        _ => None,
    }
}

fn get<'v>(obj: &'v Value, key: &str, ctx: &str) -> Result<&'v Value, JsonWindowError> {
    obj.get(key)
        .ok_or_else(|| JsonWindowError(format!("{ctx}missing key `{key}`")))
}

fn num(obj: &Value, key: &str, ctx: &str) -> Result<f64, JsonWindowError> {
    let v = get(obj, key, ctx)?;
    number(v).ok_or_else(|| JsonWindowError(format!("{ctx}`{key}` is not a number: {v}")))
}

fn int(obj: &Value, key: &str, ctx: &str) -> Result<i64, JsonWindowError> {
    let v = get(obj, key, ctx)?;
    integer(v).ok_or_else(|| JsonWindowError(format!("{ctx}`{key}` is not an integer: {v}")))
}

fn flag(obj: &Value, key: &str, ctx: &str) -> Result<bool, JsonWindowError> {
    Ok(int(obj, key, ctx)? != 0)
}

/// Hits rows [ieta, iphi, iz, energy, energy × fraction, fraction] → [0, 1, 2, 4].
fn hits(obj: &Value, key: &str, ctx: &str) -> Result<Vec<[f32; 4]>, JsonWindowError> {
    let Some(rows) = get(obj, key, ctx)?.as_array() else {
        return err(format!("{ctx}`{key}` is not an array"));
    };
    rows.iter()
        .enumerate()
        .map(|(r, row)| {
            let cells = row.as_array().filter(|c| c.len() >= 5).ok_or_else(|| {
                JsonWindowError(format!(
                    "{ctx}`{key}`[{r}] is not a row of at least 5 numbers: {row}"
                ))
            })?;
            let mut out = [0f32; 4];
            for (o, idx) in out.iter_mut().zip([0, 1, 2, 4]) {
                *o = number(&cells[idx]).ok_or_else(|| {
                    JsonWindowError(format!("{ctx}`{key}`[{r}][{idx}] is not a number"))
                })? as f32;
            }
            Ok(out)
        })
        .collect()
}

impl WindowRecord {
    /// The record of an NDJSON window (a parsed line of scwin's NDJSON or of the original
    /// scripts'). For a window that scwin wrote, the record equals
    /// [`WindowRecord::from_window`] of the same window.
    pub fn from_json(v: &Value, opts: &TfOptions) -> Result<Self, JsonWindowError> {
        if !v.is_object() {
            return err("window is not a JSON object".into());
        }
        let matched = flag(v, "is_seed_calo_matched", "")?;
        let calo_seed = flag(v, "is_seed_calo_seed", "")?;
        // The reference spells it `mustach`; accept the corrected spelling too.
        let mustache = match v.get("is_seed_mustach_matched") {
            Some(_) => flag(v, "is_seed_mustach_matched", "")?,
            None => flag(v, "is_seed_mustache_matched", "")?,
        };
        let mut sf = [0f32; 24];
        for (o, k) in sf.iter_mut().zip(SEED_FEATURES) {
            *o = num(v, k, "")? as f32;
        }
        let mut sm = [0f32; 8];
        for (o, k) in sm.iter_mut().zip(SEED_METADATA) {
            *o = num(v, k, "")? as f32;
        }
        let Some(cls) = get(v, "clusters", "")?.as_array() else {
            return err("`clusters` is not an array".into());
        };
        let clusters = cls
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let ctx = format!("clusters[{i}]: ");
                let mut features = [0f32; 22];
                for (o, k) in features.iter_mut().zip(CLUSTER_FEATURES) {
                    *o = num(c, k, &ctx)? as f32;
                }
                let mut labels = [0i64; 6];
                for (o, k) in labels.iter_mut().zip(CLUSTER_LABELS) {
                    *o = int(c, k, &ctx)?;
                }
                Ok(ClusterRecord {
                    features,
                    labels,
                    metadata: [num(c, "calo_score", &ctx)? as f32],
                    hits: hits(c, "cl_hits", &ctx)?,
                })
            })
            .collect::<Result<Vec<_>, JsonWindowError>>()?;
        let ncls = match v.get("ncls") {
            Some(_) => int(v, "ncls", "")?,
            None => clusters.len() as i64,
        };
        let et_seed = num(v, "et_seed", "")?;
        Ok(WindowRecord {
            class: match (matched, calo_seed) {
                (false, _) => 0,
                (true, false) => 1,
                (true, true) => 2,
            },
            n_cl: ncls,
            weight: opts
                .weights
                .as_ref()
                .map_or(1.0, |w| w.weight(et_seed, ncls as f64) as f32),
            flavour: if matched { opts.flavour } else { 0 },
            seed_features: sf,
            seed_labels: [matched as i64, calo_seed as i64, mustache as i64],
            seed_metadata: sm,
            seed_hits: hits(v, "seed_hits", "")?,
            clusters,
        })
    }
}

/// The `SequenceExample` bytes of an NDJSON window: identical to
/// [`super::encode_window`] of the window scwin wrote it from.
pub fn encode_json_window(v: &Value, opts: &TfOptions) -> Result<Vec<u8>, JsonWindowError> {
    Ok(WindowRecord::from_json(v, opts)?.encode())
}

/// One NDJSON line to its record bytes and class: `Ok(None)` for a line without a record
/// (blank, or tar padding), an error for a record that does not parse.
pub fn encode_json_line(
    line: &[u8],
    opts: &TfOptions,
) -> Result<Option<(u8, Vec<u8>)>, JsonWindowError> {
    let Some(rec) = record_slice(line) else {
        if line
            .iter()
            .all(|&c| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | 0))
        {
            return Ok(None);
        }
        return err("no `{\"window_index\"` record on this line".into());
    };
    let v = parse_json_lenient(rec)?;
    let r = WindowRecord::from_json(&v, opts)?;
    Ok(Some((r.class as u8, r.encode())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_slice_takes_last_marker_and_trims_padding() {
        let line = b"tarheader\0\0\0{\"window_index\": \"a\"}\n\0\0";
        assert_eq!(record_slice(line).unwrap(), b"{\"window_index\": \"a\"}");
        let line = b"{\"window_index\": 1} junk {\"window_index\": 2}\r\n";
        assert_eq!(record_slice(line).unwrap(), b"{\"window_index\": 2}");
        assert!(record_slice(b"\0\0\0\0").is_none());
    }

    #[test]
    fn nonfinite_tokens_parse_outside_strings_only() {
        let v =
            parse_json_lenient(br#"{"a": NaN, "b": -Infinity, "c": "NaN x", "d": [Infinity, 1]}"#)
                .unwrap();
        assert!(number(&v["a"]).unwrap().is_nan());
        assert_eq!(number(&v["b"]).unwrap(), f64::NEG_INFINITY);
        assert_eq!(v["c"], "NaN x");
        assert_eq!(number(&v["d"][0]).unwrap(), f64::INFINITY);
        assert!(parse_json_lenient(b"{\"a\": nan}").is_err());
    }

    #[test]
    fn missing_key_is_named() {
        let v: Value =
            serde_json::from_str(r#"{"window_index": "x", "is_seed_calo_matched": true}"#).unwrap();
        let e = WindowRecord::from_json(&v, &TfOptions::default()).unwrap_err();
        assert!(e.0.contains("is_seed_calo_seed"), "{e}");
    }
}
