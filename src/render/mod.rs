//! Views of the model: Go text (the runtime's own format), a readable text
//! view, one-line summaries and the JSON contract glue.

mod delve;
mod gotext;
mod grouped;
mod html;
mod text;

pub use self::delve::write_delve_report;
pub use self::gotext::{write_frame, write_goroutine, write_report};
pub use self::grouped::{short_function, write_grouped, write_grouped_report, GroupedOptions};
pub use self::html::write_html;
pub use self::text::{summary_line, write_text, write_text_report};

/// The schema version printed in every JSON object (`"version": 1`).
pub const JSON_VERSION: u32 = 1;

/// A report as printed by `gostack --format json|ndjson`: the report's
/// fields with `"version"` first, its [fingerprint](crate::fingerprint)
/// (line level) as `"fingerprint"`, and each goroutine's stack fingerprint
/// in `"stack_fingerprints"` (same order as `"goroutines"`) — computed
/// once, and reused for each goroutine's own `"fingerprint"`.
#[derive(Debug)]
#[non_exhaustive]
pub struct JsonReport<'r, 'a> {
    /// Always [`JSON_VERSION`].
    pub version: u32,
    /// [`crate::fingerprint::report_fingerprint`] at [`Level::Line`](crate::fingerprint::Level::Line).
    pub fingerprint: crate::fingerprint::Fingerprint,
    /// [`crate::fingerprint::stack_fingerprint`] of each goroutine, in order.
    pub stack_fingerprints: Vec<crate::fingerprint::Fingerprint>,
    /// The report.
    pub report: &'r crate::Report<'a>,
    /// With `--dedup`: how often and where the report was seen.
    pub occurrences: Option<&'r crate::fingerprint::Occurrences>,
}

impl serde::Serialize for JsonReport<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// The JSON object, field by field.
        #[derive(serde::Serialize)]
        struct Fields<'j, 'r, 'a> {
            version: u32,
            fingerprint: crate::fingerprint::Fingerprint,
            stack_fingerprints: &'j [crate::fingerprint::Fingerprint],
            #[serde(flatten)]
            report: &'r crate::Report<'a>,
            #[serde(skip_serializing_if = "Option::is_none")]
            occurrences: Option<&'r crate::fingerprint::Occurrences>,
        }
        let fields = Fields {
            version: self.version,
            fingerprint: self.fingerprint,
            stack_fingerprints: &self.stack_fingerprints,
            report: self.report,
            occurrences: self.occurrences,
        };
        crate::fingerprint::with_known(&self.report.goroutines, &self.stack_fingerprints, || {
            fields.serialize(s)
        })
    }
}

impl<'r, 'a> JsonReport<'r, 'a> {
    /// Wraps `report` for serialisation.
    pub fn new(report: &'r crate::Report<'a>) -> Self {
        use crate::fingerprint::{report_fingerprint_with, stack_fingerprints, Level};
        let stacks = stack_fingerprints(&report.goroutines, Level::Line);
        JsonReport {
            version: JSON_VERSION,
            fingerprint: report_fingerprint_with(report, Level::Line, Some(&stacks)),
            stack_fingerprints: stacks,
            report,
            occurrences: None,
        }
    }
}

/// A report as printed by `gostack --format grouped` (one JSON object per
/// line): what the report says about the crash, and its goroutines folded
/// into buckets ([`OwnedBucket`](crate::group::OwnedBucket), ranked as
/// [`group_report`](crate::group::group_report) ranks them) instead of
/// listed one by one.
#[derive(Debug, serde::Serialize)]
#[non_exhaustive]
pub struct JsonGroupedReport<'r, 'a> {
    /// Always [`JSON_VERSION`].
    pub version: u32,
    /// As in [`JsonReport`].
    pub fingerprint: crate::fingerprint::Fingerprint,
    /// The report's kind.
    pub kind: crate::ReportKind,
    /// The report's panics (its message).
    pub panics: &'r [crate::Panic<'a>],
    /// Lines of the input the report spans.
    pub lines: crate::LineSpan,
    /// See [`Report::source`](crate::Report::source).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'r str>,
    /// See [`Report::log`](crate::Report::log).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<&'r crate::LogContext<'a>>,
    /// See [`Report::recovered_by`](crate::Report::recovered_by).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovered_by: Option<&'r crate::RecoveredBy<'a>>,
    /// See [`Report::test`](crate::Report::test).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<&'r crate::TestContext<'a>>,
    /// See [`Report::exit`](crate::Report::exit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit: Option<&'r str>,
    /// Goroutines in the report (a pprof `debug=1` record counts for its
    /// count).
    pub goroutines: u64,
    /// The similarity the buckets were made with.
    pub similarity: crate::group::Similarity,
    /// The buckets, the crashing goroutine's first.
    pub buckets: Vec<crate::group::OwnedBucket>,
    /// Lines the parser skipped or could not read, if any.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub diagnostics: &'r [crate::Error],
    /// With `--dedup`: how often and where the report was seen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurrences: Option<&'r crate::fingerprint::Occurrences>,
    /// See [`Report::crasher_filtered`](crate::Report::crasher_filtered).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub crasher_filtered: bool,
}

impl<'r, 'a> JsonGroupedReport<'r, 'a> {
    /// Groups `report`'s goroutines under `sim`.
    pub fn new(report: &'r crate::Report<'a>, sim: crate::group::Similarity) -> Self {
        use crate::fingerprint::{bucket_fingerprints, report_fingerprint_with, Level};
        use crate::group::Similarity;
        let all = &report.goroutines;
        let grouped = crate::group::group_report_with(report, sim, true);
        // Members of a bucket print the same places unless lines were
        // ignored: one stack fingerprint per bucket serves the report's.
        let stacks = (sim != Similarity::IgnoreLines)
            .then(|| bucket_fingerprints(grouped.iter().map(|(b, _)| b), all.len(), Level::Line));
        JsonGroupedReport {
            version: JSON_VERSION,
            fingerprint: report_fingerprint_with(report, Level::Line, stacks.as_deref()),
            kind: report.kind,
            panics: &report.panics,
            lines: report.lines,
            source: report.source.as_deref(),
            log: report.log.as_deref(),
            recovered_by: report.recovered_by.as_deref(),
            test: report.test.as_deref(),
            exit: report.exit.as_deref(),
            // Counted while grouping: the goroutines are not read again.
            goroutines: grouped.iter().map(|(b, _)| b.goroutines(all)).sum(),
            similarity: sim,
            buckets: grouped
                .into_iter()
                .map(|(b, v)| b.to_owned_bucket_with(all, sim, v))
                .collect(),
            diagnostics: &report.diagnostics,
            occurrences: None,
            crasher_filtered: report.crasher_filtered,
        }
    }
}
