//! The API's `rate_limits` section: the vendor's own rate-limit headers.

use super::{check_token, Ctx};
use crate::model::{QuotaHeaders, RateLimits, TimeUnit};
use crate::spec::{self, DurationHeaderSpec, TimeUnitSpec};

pub(super) fn resolve(cx: &mut Ctx<'_>, api: &spec::ApiSpec) -> RateLimits {
    let Some(spec) = &api.rate_limits else {
        return RateLimits::default();
    };
    if spec.quotas.is_empty() {
        cx.error_hint(
            "rate_limits.quotas",
            "no quota is declared",
            "name each quota the vendor reports, with its headers; or drop `rate_limits` (the IETF fields are read anyway)",
        );
    }
    let mut quotas = Vec::new();
    for (name, quota) in &spec.quotas {
        let at = format!("rate_limits.quotas.{name}");
        let mut header = |what: &str, value: Option<&String>| -> Option<String> {
            let value = value?;
            check_token(cx, &format!("{at}.{what}"), value, "HTTP header name");
            Some(value.clone())
        };
        let limit = header("limit", quota.limit.as_ref());
        let remaining = header("remaining", quota.remaining.as_ref());
        let duration = |d: &DurationHeaderSpec| {
            let unit = match d.unit {
                TimeUnitSpec::Seconds => TimeUnit::Seconds,
                TimeUnitSpec::Milliseconds => TimeUnit::Milliseconds,
            };
            (d.header.clone(), unit)
        };
        let window = quota.window.as_ref().map(duration);
        let reset = quota.reset.as_ref().map(duration);
        for (what, d) in [("window", &window), ("reset", &reset)] {
            if let Some((name, _)) = d {
                check_token(cx, &format!("{at}.{what}.header"), name, "HTTP header name");
            }
        }
        if limit.is_none() && remaining.is_none() && window.is_none() && reset.is_none() {
            cx.error_hint(
                &at,
                format!("the quota `{name}` names no header"),
                "give `limit`, `remaining`, `window` or `reset`",
            );
        }
        quotas.push(QuotaHeaders {
            name: name.clone(),
            limit,
            remaining,
            window,
            reset,
        });
    }
    RateLimits {
        description: spec.description.clone(),
        source: spec.source.clone(),
        quotas,
    }
}
