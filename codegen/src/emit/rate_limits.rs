//! The API's `RATE_LIMITS` (`runtime::RateLimitHeaders`): the vendor's own
//! rate-limit headers, read besides the IETF fields; and each operation's
//! `Operation::RATE_LIMITS`, where the spec declares any.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, paragraphs, source};
use crate::model::{Api, TimeUnit};

/// The API-level constant.
pub fn shared(api: &Api) -> TokenStream {
    let limits = &api.rate_limits;
    let quotas = limits.quotas.iter().map(|q| {
        let name = &q.name;
        let header = |h: &Option<String>| match h {
            Some(h) => quote!(Some(#h)),
            None => quote!(None),
        };
        let duration = |d: &Option<(String, TimeUnit)>| match d {
            Some((name, unit)) => {
                let unit = match unit {
                    TimeUnit::Seconds => quote!(Seconds),
                    TimeUnit::Milliseconds => quote!(Milliseconds),
                };
                quote!(Some(runtime::DurationHeader { name: #name, unit: runtime::TimeUnit::#unit }))
            }
            None => quote!(None),
        };
        let (limit, remaining) = (header(&q.limit), header(&q.remaining));
        let (window, reset) = (duration(&q.window), duration(&q.reset));
        quote! {
            runtime::QuotaHeaders {
                name: #name,
                limit: #limit,
                remaining: #remaining,
                window: #window,
                reset: #reset,
            }
        }
    });
    let summary = if limits.quotas.is_empty() {
        "The API's rate-limit headers: the IETF `RateLimit` and `RateLimit-Policy` fields (the spec declares no others). Read them from a response with `RATE_LIMITS.read(headers)`.".to_owned()
    } else {
        let names: Vec<String> = limits
            .quotas
            .iter()
            .map(|q| format!("`{}`", q.name))
            .collect();
        format!(
            "The API's rate-limit headers, read from every response with the IETF `RateLimit` fields: the quotas {}.",
            names.join(", ")
        )
    };
    let d = doc(&paragraphs([
        Some(summary.as_str()),
        limits.description.as_deref(),
        source(limits.source.as_deref()).as_deref(),
    ]));
    quote! {
        #d
        pub const RATE_LIMITS: runtime::RateLimitHeaders = runtime::RateLimitHeaders {
            quotas: &[#(#quotas),*],
        };
    }
}

/// An operation's `const RATE_LIMITS`, when the API declares headers.
pub fn operation(api: &Api) -> Option<TokenStream> {
    (!api.rate_limits.quotas.is_empty()).then(|| {
        quote!(
            const RATE_LIMITS: runtime::RateLimitHeaders = super::RATE_LIMITS;
        )
    })
}
