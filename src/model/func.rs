//! Splitting a Go function token into package, receiver, name and suffixes.

use std::fmt;

/// A Go function token split into its parts.
///
/// ```
/// use gostack::FuncName;
/// let f = FuncName::parse("example.com/app/pkg%2ev2.(*Server[...]).serve.func1.2");
/// assert_eq!(f.package, "example.com/app/pkg%2ev2");
/// assert_eq!(f.receiver, Some("*Server[...]"));
/// assert_eq!(f.name, "serve");
/// assert_eq!(f.suffix, ".func1.2");
/// assert!(f.is_closure());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct FuncName<'a> {
    /// The whole token.
    #[serde(borrow)]
    pub full: &'a str,
    /// The import path (`net/http`, `main`); empty when the token has none
    /// (`panic`, C symbols).
    pub package: &'a str,
    /// The method receiver without parentheses (`*conn`, `serverHandler`,
    /// `*List[...]`); `None` for plain functions.
    pub receiver: Option<&'a str>,
    /// The declared function or method name, type parameters included (`Map[...]`).
    pub name: &'a str,
    /// What the compiler appended: closures (`.func1`, `.func1.2`), `go`/`defer`
    /// wrappers (`.gowrap1`, `.deferwrap1`), range-over-func bodies (`-range1`),
    /// method values (`-fm`), init order (`.0`). Empty for none.
    pub suffix: &'a str,
}

/// One compiler-generated suffix of a function name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FuncSuffix<'a> {
    /// `.funcN`: a closure.
    Closure(u32),
    /// `.N`: a closure nested in a closure (or an `init.N` function).
    Nested(u32),
    /// `.gowrapN`: the wrapper of a `go f(x)` statement (Go 1.22+).
    GoWrap(u32),
    /// `.deferwrapN`: the wrapper of a `defer f(x)` statement (Go 1.22+).
    DeferWrap(u32),
    /// `-rangeN`: a range-over-func loop body (Go 1.23+).
    RangeBody(u32),
    /// `-fm`: a method value.
    MethodValue,
    /// Anything else the compiler appended.
    Other(#[serde(borrow)] &'a str),
}

impl fmt::Debug for FuncName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FuncName")
            .field("package", &self.package)
            .field("receiver", &self.receiver)
            .field("name", &self.name)
            .field("suffix", &self.suffix)
            .finish()
    }
}

impl fmt::Display for FuncName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.full)
    }
}

/// Index of the first `.` at bracket/paren depth 0 at or after `from`.
fn next_dot(s: &str, from: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, b) in s.bytes().enumerate().skip(from) {
        match b {
            b'[' | b'(' | b'{' => depth += 1,
            b']' | b')' | b'}' => depth -= 1,
            b'.' if depth <= 0 => return Some(i),
            _ => {}
        }
    }
    None
}

fn is_suffix_component(c: &str) -> bool {
    let num = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    num(c)
        || c.strip_prefix("func").is_some_and(num)
        || c.strip_prefix("gowrap").is_some_and(num)
        || c.strip_prefix("deferwrap").is_some_and(num)
}

impl<'a> FuncName<'a> {
    /// Splits `full`. Never fails: unusual tokens keep everything in `name`.
    pub fn parse(full: &'a str) -> Self {
        // The package ends at the first '.' after the last '/' outside brackets.
        let mut depth = 0i32;
        let mut last_slash = None;
        for (i, b) in full.bytes().enumerate() {
            match b {
                b'[' | b'(' | b'{' => depth += 1,
                b']' | b')' | b'}' => depth -= 1,
                b'/' if depth == 0 => last_slash = Some(i),
                b' ' if depth == 0 => break,
                _ => {}
            }
        }
        let start = last_slash.map_or(0, |i| i + 1);
        let (package, rest) = match full[start..].find(['.', '(', '[']) {
            Some(d) if full.as_bytes()[start + d] == b'.' && d > 0 => {
                (&full[..start + d], &full[start + d + 1..])
            }
            _ => ("", full),
        };
        if package.contains(':') || package.contains(' ') {
            // Compiler helpers such as `type:.eq.main.T`: keep opaque.
            return FuncName {
                full,
                package: "",
                receiver: None,
                name: full,
                suffix: "",
            };
        }
        let (receiver, rest) = if rest.starts_with('(') {
            let mut d = 0i32;
            let mut close = None;
            for (i, b) in rest.bytes().enumerate() {
                match b {
                    b'(' | b'[' => d += 1,
                    b')' | b']' => {
                        d -= 1;
                        if d == 0 {
                            close = Some(i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            match close {
                Some(c) if rest[c + 1..].starts_with('.') => (Some(&rest[1..c]), &rest[c + 2..]),
                _ => (None, rest),
            }
        } else {
            (None, rest)
        };
        // Split the remainder into dot components at depth 0.
        let first_end = next_dot(rest, 0).unwrap_or(rest.len());
        let (receiver, name_start) = if receiver.is_none() && first_end < rest.len() {
            // `T.Method` (value receiver) versus `fn.func1` (closure of fn).
            let second_end = next_dot(rest, first_end + 1).unwrap_or(rest.len());
            let second = &rest[first_end + 1..second_end];
            let second = second.split('-').next().unwrap_or(second);
            if is_suffix_component(second) || second.is_empty() {
                (None, 0)
            } else {
                (Some(&rest[..first_end]), first_end + 1)
            }
        } else {
            (receiver, 0)
        };
        let after = &rest[name_start..];
        let name_end = match (next_dot(after, 0), after.find('-')) {
            (Some(d), Some(h)) => d.min(h),
            (Some(d), None) => d,
            (None, Some(h)) => h,
            (None, None) => after.len(),
        };
        // A '-' inside brackets is not a suffix separator.
        let name_end = if after[..name_end].contains('[') && !after[..name_end].contains(']') {
            next_dot(after, 0).unwrap_or(after.len())
        } else {
            name_end
        };
        FuncName {
            full,
            package,
            receiver,
            name: &after[..name_end],
            suffix: &after[name_end..],
        }
    }

    /// The last element of the import path (`http` for `net/http`).
    pub fn package_name(&self) -> &'a str {
        self.package.rsplit('/').next().unwrap_or(self.package)
    }

    /// True for closures, `go`/`defer` wrappers and range-over-func bodies.
    pub fn is_closure(&self) -> bool {
        self.suffixes().any(|s| {
            matches!(
                s,
                FuncSuffix::Closure(_)
                    | FuncSuffix::Nested(_)
                    | FuncSuffix::GoWrap(_)
                    | FuncSuffix::DeferWrap(_)
                    | FuncSuffix::RangeBody(_)
            )
        })
    }

    /// The type-parameter brackets of the function or, failing that, of
    /// the receiver (`[...]`; race reports print shapes such as
    /// `[go.shape.int]`).
    ///
    /// ```
    /// let f = gostack::FuncName::parse("main.(*Box[...]).Apply[...]");
    /// assert_eq!(f.type_params(), Some("[...]"));
    /// assert_eq!(gostack::FuncName::parse("main.main").type_params(), None);
    /// ```
    pub fn type_params(&self) -> Option<&'a str> {
        let brackets = |s: &'a str| s.find('[').map(|i| &s[i..]);
        brackets(self.name).or_else(|| self.receiver.and_then(brackets))
    }

    /// True when the function or its receiver has type parameters (`[...]`).
    pub fn is_generic(&self) -> bool {
        self.name.contains('[') || self.receiver.is_some_and(|r| r.contains('['))
    }

    /// The suffixes, outermost first.
    pub fn suffixes(&self) -> impl Iterator<Item = FuncSuffix<'a>> + 'a {
        let s = self.suffix;
        let mut parts = Vec::new();
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            if (b == b'.' || b == b'-') && i > start {
                parts.push(&s[start..i]);
                start = i;
            }
        }
        if start < s.len() {
            parts.push(&s[start..]);
        }
        parts.into_iter().map(|p| {
            let n = |x: &str| x.parse::<u32>().ok();
            if let Some(x) = p.strip_prefix(".func").and_then(n) {
                FuncSuffix::Closure(x)
            } else if let Some(x) = p.strip_prefix(".gowrap").and_then(n) {
                FuncSuffix::GoWrap(x)
            } else if let Some(x) = p.strip_prefix(".deferwrap").and_then(n) {
                FuncSuffix::DeferWrap(x)
            } else if let Some(x) = p.strip_prefix("-range").and_then(n) {
                FuncSuffix::RangeBody(x)
            } else if p == "-fm" {
                FuncSuffix::MethodValue
            } else if let Some(x) = p.strip_prefix('.').and_then(n) {
                FuncSuffix::Nested(x)
            } else {
                FuncSuffix::Other(p)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> (&str, Option<&str>, &str, &str) {
        let f = FuncName::parse(s);
        (f.package, f.receiver, f.name, f.suffix)
    }

    #[test]
    fn splits_the_forms_of_the_spec() {
        assert_eq!(parts("main.main"), ("main", None, "main", ""));
        assert_eq!(
            parts("net.(*TCPListener).Accept"),
            ("net", Some("*TCPListener"), "Accept", "")
        );
        assert_eq!(
            parts("internal/poll.runtime_pollWait"),
            ("internal/poll", None, "runtime_pollWait", "")
        );
        assert_eq!(parts("main.T.Value"), ("main", Some("T"), "Value", ""));
        assert_eq!(
            parts("main.T.Value-fm"),
            ("main", Some("T"), "Value", "-fm")
        );
        assert_eq!(
            parts("net/http.serverHandler.ServeHTTP"),
            ("net/http", Some("serverHandler"), "ServeHTTP", "")
        );
        assert_eq!(parts("main.Map[...]"), ("main", None, "Map[...]", ""));
        assert_eq!(
            parts("main.(*List[...]).Each"),
            ("main", Some("*List[...]"), "Each", "")
        );
        assert_eq!(
            parts("main.(*Box[...]).Apply[...]"),
            ("main", Some("*Box[...]"), "Apply[...]", "")
        );
        assert_eq!(
            parts("main.main.func10.1"),
            ("main", None, "main", ".func10.1")
        );
        assert_eq!(
            parts("main.(*Inner).Hello.func1"),
            ("main", Some("*Inner"), "Hello", ".func1")
        );
        assert_eq!(parts("main.init.0"), ("main", None, "init", ".0"));
        assert_eq!(
            parts("runtime.gcenable.gowrap1"),
            ("runtime", None, "gcenable", ".gowrap1")
        );
        assert_eq!(
            parts("main.deferLevel.deferwrap1"),
            ("main", None, "deferLevel", ".deferwrap1")
        );
        assert_eq!(
            parts("main.hookRange-range1"),
            ("main", None, "hookRange", "-range1")
        );
        assert_eq!(
            parts("iter.Pull[...].func1.1"),
            ("iter", None, "Pull[...]", ".func1.1")
        );
        assert_eq!(
            parts("example.com/funcnames/pkg%2ev2.(*Server).serve"),
            (
                "example.com/funcnames/pkg%2ev2",
                Some("*Server"),
                "serve",
                ""
            )
        );
        assert_eq!(parts("panic"), ("", None, "panic", ""));
        assert_eq!(
            parts("_cgoexp_7bc7b7c876cc_goCallback"),
            ("", None, "_cgoexp_7bc7b7c876cc_goCallback", "")
        );
        assert_eq!(parts("type:.eq.main.T").2, "type:.eq.main.T");
        assert_eq!(parts("main.glob..func1"), ("main", None, "glob", "..func1"));
    }

    #[test]
    fn suffix_kinds() {
        let f = FuncName::parse("main.main.func1.2");
        let s: Vec<_> = f.suffixes().collect();
        assert_eq!(s, vec![FuncSuffix::Closure(1), FuncSuffix::Nested(2)]);
        let f = FuncName::parse("main.T.Value-fm");
        assert_eq!(
            f.suffixes().collect::<Vec<_>>(),
            vec![FuncSuffix::MethodValue]
        );
        assert!(!f.is_closure());
        let f = FuncName::parse("main.hookRange-range1");
        assert_eq!(
            f.suffixes().collect::<Vec<_>>(),
            vec![FuncSuffix::RangeBody(1)]
        );
        assert!(FuncName::parse("main.Map[...]").is_generic());
        assert_eq!(
            FuncName::parse("net/http.(*conn).serve").package_name(),
            "http"
        );
    }
}
