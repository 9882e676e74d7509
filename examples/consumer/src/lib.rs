//! A client for the notes API of `spec/notes.yaml`, generated at build time
//! by `build.rs` (one call), with `apigen-runtime` as the crate's one
//! dependency.
//!
//! [`checked_in`] is the same API written by
//! `apigen generate --spec examples/consumer/spec --out examples/consumer/src/checked_in`:
//! plain module files that compile as they are, for crates that check their
//! client in instead of generating it in a build script (a test keeps it
//! up to date).
#![deny(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/apis.rs"));

/// The same APIs as the crate root, from files checked into `src/checked_in/`
/// (formatted by the generator, so `cargo fmt` leaves them alone).
#[rustfmt::skip]
pub mod checked_in;

use apigen_runtime::{Client, Error, Paginated, PaginationError};
use notes::list_notes::{ListNotesError, ListNotesRequest};

/// The crate's own code on top of the client (what its tests exercise with
/// the notes API's mock): the titles of every note, walking every page.
pub async fn all_titles(
    client: &Client<notes::Server>,
) -> Result<Vec<String>, Error<ListNotesError>> {
    let mut titles = Vec::new();
    let mut request = Some(ListNotesRequest::builder().per_page(50).build());
    let mut pages = 0;
    while let Some(this) = request {
        let page = client.send(this.clone()).await?;
        pages += 1;
        titles.extend(page.data.iter().map(|note| note.title.clone()));
        // A page that says more follow but has no next request is an
        // error, never the end of the list.
        request = this
            .next_page(&page)
            .map_err(|reason| Error::Pagination(PaginationError::NoNextPage { pages, reason }))?;
    }
    Ok(titles)
}
