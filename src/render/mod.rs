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
/// in `"stack_fingerprints"` (same order as `"goroutines"`).
#[derive(Debug, serde::Serialize)]
pub struct JsonReport<'r, 'a> {
    /// Always [`JSON_VERSION`].
    pub version: u32,
    /// [`crate::fingerprint::report_fingerprint`] at [`Level::Line`](crate::fingerprint::Level::Line).
    pub fingerprint: crate::fingerprint::Fingerprint,
    /// [`crate::fingerprint::stack_fingerprint`] of each goroutine, in order.
    pub stack_fingerprints: Vec<crate::fingerprint::Fingerprint>,
    /// The report.
    #[serde(flatten)]
    pub report: &'r crate::Report<'a>,
}

impl<'r, 'a> JsonReport<'r, 'a> {
    /// Wraps `report` for serialisation.
    pub fn new(report: &'r crate::Report<'a>) -> Self {
        JsonReport {
            version: JSON_VERSION,
            fingerprint: crate::fingerprint::report_fingerprint(
                report,
                crate::fingerprint::Level::Line,
            ),
            stack_fingerprints: report
                .goroutines
                .iter()
                .map(|g| crate::fingerprint::stack_fingerprint(g, crate::fingerprint::Level::Line))
                .collect(),
            report,
        }
    }
}
