//! HighLevel's webhooks, read from the vendor's own doc pages
//! (`spec/highlevel/import/pages/`, CC0) by `apigen import pages`: the
//! shipped group file is what the import makes of them today, every page's
//! examples read into their typed event (or the vendor's defect is listed
//! here), the vendor's published key parses and is the default, and a
//! delivery is verified on its raw body before it is typed.

use std::path::Path;
use std::time::SystemTime;

use generated::highlevel::webhooks::{self, Event, Receiver};
use generated::runtime::webhook::{TestSigner, WebhookError};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn the_shipped_events_are_the_import_of_the_vendors_pages() {
    let header = std::fs::read_to_string(root().join("spec/highlevel/webhooks.yaml")).unwrap();
    let command = header
        .lines()
        .find_map(|l| l.strip_prefix("#   "))
        .expect("the header names the command")
        .to_owned();
    let options = apigen_codegen::import::pages::PagesOptions {
        dir: "spec/highlevel/import/pages/webhook-events".into(),
        api: "highlevel".into(),
        group: "webhooks".into(),
        overlay: Some("spec/highlevel/import/webhooks-overlay.yaml".into()),
        command,
    };
    std::env::set_current_dir(root()).unwrap();
    let imported = apigen_codegen::import::pages::import_pages(&options)
        .unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!((imported.pages, imported.events), (58, 58));
    assert_eq!(imported.file.0, "webhooks.yaml");
    assert!(
        imported.file.1 == header,
        "spec/highlevel/webhooks.yaml is stale: re-run the command in its header"
    );
    let report = std::fs::read_to_string("spec/highlevel/import/webhooks-report.md").unwrap();
    assert_eq!(
        imported.report.render_markdown(),
        report,
        "the report is stale"
    );
    // Each page that could not be read fully is in the report, by its file.
    for page in [
        "RelationDelete.md",
        "UserCreate.md",
        "PriceCreate.md",
        "InboundMessage.md",
    ] {
        assert!(report.contains(page), "{page} is reported");
    }
}

/// Pages whose examples carry no `type` (the field naming the event in
/// every other page): a delivery like them reads as `Event::Unknown`, or
/// with `Event::from_named` when the endpoint knows the event otherwise.
const NO_TYPE: &[&str] = &[
    "AssociationCreate",
    "AssociationDelete",
    "AssociationUpdate",
    "InvoiceCreate",
    "InvoiceDelete",
    "InvoicePaid",
    "InvoicePartiallyPaid",
    "InvoiceSent",
    "InvoiceUpdate",
    "InvoiceVoid",
    "ObjectSchemaCreate",
    "ObjectSchemaUpdate",
    "PriceCreate",
    "ProductCreate",
    "ProductDelete",
    "ProductUpdate",
    "RecordCreate",
    "RecordDelete",
    "RecordUpdate",
    "RelationCreate",
    "RelationDelete",
];

/// Examples whose `type` is another event's (copied from its page), or not
/// an event at all (a price's kind, a message's channel).
const OTHER_TYPE: &[(&str, &str)] = &[
    ("AppointmentDelete", "AppointmentCreate"),
    ("AppointmentUpdate", "AppointmentCreate"),
    ("InboundMessage", "OutboundMessage"),
    ("PriceDelete", "one_time"),
    ("PriceUpdate", "one_time"),
    ("ProviderOutboundMessage", "SMS"),
    ("ProviderOutboundMessage", "Email"),
];

/// Fields whose examples contradict their own page's schema (`emailTo` and
/// `to` are lists in the e-mail examples, strings in the schemas): the
/// import reads each as any JSON and reports it, so no example, and no
/// delivery like it, is `Event::Malformed`.
const WIDENED: &[(&str, &str)] = &[
    ("InboundMessage", "to"),
    ("OutboundMessage", "to"),
    ("ProviderOutboundMessage", "emailTo"),
];

#[test]
fn every_documented_example_reads_into_its_type_and_the_defects_are_listed() {
    assert!(
        webhooks::EXAMPLES.len() >= 58,
        "{}",
        webhooks::EXAMPLES.len()
    );
    let mut no_type = Vec::new();
    let mut other_type = Vec::new();
    let mut malformed = Vec::new();
    for (name, example) in webhooks::EXAMPLES {
        let payload: serde_json::Value = serde_json::from_str(example).unwrap();
        // As its own event, every example fits its page's schema.
        let named = Event::from_named(name, payload.clone());
        assert_eq!(named.name(), Some(name));
        match named {
            Event::Malformed { error, .. } => malformed.push((name, error)),
            Event::Unknown { .. } => panic!("{name} is an event of the spec"),
            _ => {}
        }
        // By its `type`, as a delivery is read.
        let by_type = webhooks::parse(example.as_bytes()).unwrap();
        if by_type.name() == Some(name) {
            continue;
        }
        match payload.get("type").and_then(|t| t.as_str()) {
            None => no_type.push(name),
            Some(t) => other_type.push((name, t.to_owned())),
        }
    }
    assert_eq!(malformed, Vec::<(&str, String)>::new());
    let report =
        std::fs::read_to_string(root().join("spec/highlevel/import/webhooks-report.md")).unwrap();
    for (page, field) in WIDENED {
        let section = report
            .split("\n## ")
            .find(|s| s.contains(&format!("/{page}.md`")))
            .unwrap_or_else(|| panic!("{page} is in the report"));
        assert!(
            section.contains(&format!("| `json_schema#/properties/{field}` | approximated | an example of the page gives a list where the schema says `string`")),
            "{section}"
        );
    }
    no_type.dedup();
    assert_eq!(no_type, NO_TYPE);
    let listed: Vec<(&str, String)> = OTHER_TYPE
        .iter()
        .map(|(n, t)| (*n, (*t).to_owned()))
        .collect();
    assert_eq!(other_type, listed);
}

#[test]
fn the_vendors_published_key_parses_and_is_the_default() {
    // As published on the vendor's page (vendored unmodified, CC0).
    let page = std::fs::read_to_string(
        root().join("spec/highlevel/import/pages/WebhookAuthentication.md"),
    )
    .unwrap();
    let start = page.find("-----BEGIN PUBLIC KEY-----").unwrap();
    let end = page.find("-----END PUBLIC KEY-----").unwrap() + "-----END PUBLIC KEY-----".len();
    assert_eq!(webhooks::PUBLIC_KEYS, [format!("{}\n", &page[start..end])]);
    assert_eq!(webhooks::SIGNATURE_HEADER, "x-wh-signature");
    Receiver::new().expect("the vendor's key parses");
}

fn delivery(event: &serde_json::Value) -> (http::HeaderMap, Vec<u8>) {
    let body = event.to_string().into_bytes();
    let mut headers = http::HeaderMap::new();
    headers.insert(
        webhooks::SIGNATURE_HEADER,
        TestSigner::new().sign(&body).parse().unwrap(),
    );
    (headers, body)
}

#[test]
fn a_delivery_is_verified_on_its_raw_body_then_typed() {
    let now = SystemTime::now();
    let at = chrono::DateTime::<chrono::Utc>::from(now).to_rfc3339();
    let event = serde_json::json!({
        "type": "ContactCreate", "timestamp": at, "webhookId": "wh-1",
        "locationId": "loc", "id": "c-1", "email": "a@example.com",
        "customFields": [{"id": "f", "value": 3}]
    });
    let (headers, body) = delivery(&event);
    let receiver = Receiver::with_keys(&[TestSigner::PUBLIC_KEY]).unwrap();
    match receiver.verify(&headers, &body, now).unwrap() {
        Event::ContactCreate(contact) => {
            assert_eq!(contact.id.as_deref(), Some("c-1"));
            assert_eq!(contact.email.as_deref(), Some("a@example.com"));
        }
        other => panic!("{other:?}"),
    }
    // Replayed, tampered with, or signed by someone else than the vendor.
    assert!(matches!(
        receiver.verify(&headers, &body, now),
        Err(WebhookError::Replayed { .. })
    ));
    let mut tampered = body.clone();
    tampered[10] ^= 1;
    assert_eq!(
        receiver.verify(&headers, &tampered, now).unwrap_err(),
        WebhookError::BadSignature
    );
    let vendor = Receiver::new().unwrap();
    assert_eq!(
        vendor.verify(&headers, &body, now).unwrap_err(),
        WebhookError::BadSignature,
        "the test key is not the vendor's"
    );
    // Without `timestamp` and `webhookId` (the guide says every delivery
    // has them), a delivery is refused: its freshness cannot be told.
    let (headers, body) = delivery(&serde_json::json!({"type": "ContactCreate"}));
    assert!(matches!(
        receiver.verify(&headers, &body, now),
        Err(WebhookError::MissingField { .. })
    ));
}
