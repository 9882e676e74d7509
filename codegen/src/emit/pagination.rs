//! `impl runtime::Paginated` for a list operation: where a page's items
//! are, and the request for the next page.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::rust_type;
use crate::model::{Api, FieldPath, Operation, PageStyle, Struct};
use crate::naming::ident;

/// Statements that follow `path` from `page` into `step` (a reference),
/// returning `absent` (`None` by `?` when not given) from the enclosing
/// function at an absent optional field, or a `null` one of a struct that
/// requests send (`Option<Nullable<T>>`).
fn follow(api: &Api, path: &FieldPath, absent: Option<&TokenStream>) -> TokenStream {
    let steps = path.steps.iter().enumerate().map(|(i, step)| {
        let f = ident(&step.rust_name);
        let from = if i == 0 { quote!(page) } else { quote!(step) };
        let or_end = |get: TokenStream| match absent {
            None => quote!(let step = #get?;),
            Some(absent) => quote!(let Some(step) = #get else { return #absent; };),
        };
        let absent = step.optional.then(|| or_end(quote!(step.as_ref())));
        let sent = |s: &Struct| s.rust_name == step.holder && s.request;
        let null =
            (step.nullable && api.structs.iter().any(sent)).then(|| or_end(quote!(step.value())));
        quote! {
            let step = &#from.#f;
            #absent
            #null
        }
    });
    quote!(#(#steps)*)
}

pub fn emit(api: &Api, op: &Operation) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let request = ident(&op.names.request);
    let output = super::output::output_type(op);
    let item = rust_type(&p.item);
    let to_items = follow(api, &p.items, None);
    // The inputs that say which page a request asks for.
    let position: Vec<_> = match &p.style {
        PageStyle::Page { input, .. } | PageStyle::Offset { input } => vec![ident(input)],
        PageStyle::Cursor { cursors } => cursors.iter().map(|(input, _)| ident(input)).collect(),
    };
    let end = quote!(Ok(None));
    let next = match &p.style {
        PageStyle::Page { input, more } => {
            let input_name = input.trim_start_matches("r#");
            let input = ident(input);
            let to_more = follow(api, more, Some(&end));
            quote! {
                let more = {
                    #to_more
                    *step
                };
                if !more || Self::items(page).is_empty() {
                    return Ok(None);
                }
                let mut next = self.clone();
                // Past the last page number no request can ask for more.
                next.#input = Some(self.#input.unwrap_or(1).checked_add(1).ok_or(
                    runtime::NextPageError::Overflow { input: #input_name },
                )?);
                Ok(Some(next))
            }
        }
        PageStyle::Offset { input } => {
            let input_name = input.trim_start_matches("r#");
            let input = ident(input);
            quote! {
                let received = Self::items(page).len();
                if received == 0 {
                    return Ok(None);
                }
                let overflow = runtime::NextPageError::Overflow { input: #input_name };
                let received = i64::try_from(received).map_err(|_| overflow.clone())?;
                let mut next = self.clone();
                // Past the last offset no request can ask for more.
                next.#input = Some(self.#input.unwrap_or(0).checked_add(received).ok_or(overflow)?);
                Ok(Some(next))
            }
        }
        PageStyle::Cursor { cursors } => {
            let inputs: Vec<_> = cursors.iter().map(|(input, _)| ident(input)).collect();
            let sets = cursors.iter().map(|(input, from)| {
                let input = ident(input);
                let to_cursor = follow(api, from, Some(&end));
                quote! {
                    next.#input = Some({
                        #to_cursor
                        step.to_owned()
                    });
                }
            });
            quote! {
                if Self::items(page).is_empty() {
                    return Ok(None);
                }
                let mut next = self.clone();
                #(#sets)*
                // A server that hands out the same cursors again would serve
                // this page forever.
                if #(next.#inputs == self.#inputs)&&* {
                    return Err(runtime::NextPageError::SameCursor);
                }
                Ok(Some(next))
            }
        }
    };
    Some(quote! {
        impl runtime::Paginated for #request {
            type Item = #item;

            fn items(page: &#output) -> &[#item] {
                fn items(page: &#output) -> Option<&[#item]> {
                    #to_items
                    Some(step.as_slice())
                }
                items(page).unwrap_or_default()
            }

            fn next_page(&self, page: &#output) -> Result<Option<Self>, runtime::NextPageError> {
                #next
            }

            fn position(&self) -> Option<String> {
                Some(format!("{:?}", (#(&self.#position,)*)))
            }
        }
    })
}
