//! Every documented sample response and error parsed into the right type and
//! variant; anything undocumented lands in `Error::Undocumented` with the raw
//! body kept.
//!
//! The samples are read from the specs, so a sample added to a spec is tested
//! without touching this file.

use bytes::Bytes;
use generated::highlevel::upload_file_attachments::{
    UploadFileAttachmentsError, UploadFileAttachmentsRequest,
};
use generated::highlevel::{UploadFilesErrorResponseDtoStatus, UploadFilesResponseDto};
use generated::runtime::{ApiError, Error, Operation, Response, UnhandledReason};
use generated::zoho_crm::upload_attachment::{UploadAttachmentError, UploadAttachmentRequest};
use generated::zoho_crm::UploadAttachmentResponse;
use http::{HeaderMap, StatusCode};
use tests::spec_operation;

/// Zoho's `parse_response`, sans-IO, from the parts any HTTP stack gives.
fn zoho_parse(
    status: StatusCode,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<UploadAttachmentResponse, Error<UploadAttachmentError>> {
    UploadAttachmentRequest::parse_response(Response::new(status, headers.clone(), body))
}

/// HighLevel's `parse_response`, sans-IO.
fn hl_parse(
    status: StatusCode,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<UploadFilesResponseDto, Error<UploadFileAttachmentsError>> {
    UploadFileAttachmentsRequest::parse_response(Response::new(status, headers.clone(), body))
}

/// The documented error of a parse result, which must be one.
fn api_error<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<T, Error<E>>) -> ApiError<E> {
    match result {
        Err(Error::Api(e)) => e,
        other => panic!("expected a documented error, got {other:?}"),
    }
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap()
}

fn json_headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        http::header::CONTENT_TYPE,
        "application/json".parse().unwrap(),
    );
    h
}

/// The variant name in a value's `Debug` output.
fn variant_name(debug: &str) -> &str {
    debug.split([' ', '(', '{']).next().unwrap()
}

#[test]
fn zoho_sample_response_parses_with_offsets_and_string_ids() {
    let op = spec_operation("zoho_crm", "upload_attachment");
    let sample = op.success[0]
        .example
        .clone()
        .expect("the page has a sample response");
    let parsed = zoho_parse(status(200), &json_headers(), Bytes::from(sample)).unwrap();
    let item = &parsed.data[0];
    assert_eq!(item.code, "SUCCESS");
    assert_eq!(item.status, "success");
    assert_eq!(item.message, "attachment uploaded successfully");
    let d = &item.details;
    assert_eq!(d.id, "4150868000005277036");
    assert_eq!(d.created_by.name, "Patricia Boyle");
    assert_eq!(d.modified_by.id, "4150868000000225013");
    assert_eq!(d.modified_time.to_rfc3339(), "2021-05-03T18:03:00+05:30");
    assert_eq!(
        d.created_time.offset().local_minus_utc(),
        5 * 3600 + 30 * 60
    );
}

#[test]
fn responses_tolerate_unknown_fields() {
    let body = r#"{"data":[{"code":"SUCCESS","new_field":1,"details":{"Modified_Time":"2021-05-03T18:03:00+05:30",
        "Modified_By":{"name":"a","id":"1","email":"x"},"Created_Time":"2021-05-03T18:03:00Z","id":"2",
        "Created_By":{"name":"b","id":"3"},"File_Name":"a.txt"},"message":"m","status":"success"}],"info":{}}"#;
    let parsed = zoho_parse(status(200), &json_headers(), Bytes::from(body)).unwrap();
    assert_eq!(parsed.data[0].details.id, "2");
}

#[test]
fn every_documented_zoho_error_reaches_its_variant() {
    let op = spec_operation("zoho_crm", "upload_attachment");
    for v in &op.errors.variants {
        let code = v.code.as_deref().unwrap();
        for (message, _) in &v.cases {
            let body = serde_json::json!({"code": code, "details": {}, "message": message, "status": "error"});
            let err = api_error(zoho_parse(
                status(tests::exact_status(v)),
                &json_headers(),
                Bytes::from(body.to_string()),
            ));
            assert_eq!(
                variant_name(&format!("{:?}", err.error())),
                v.variant,
                "{code}: {err:?}"
            );
            assert_eq!(err.status(), status(tests::exact_status(v)));
            let head = format!(
                "HTTP {}, code {code}: {message} (documented: ",
                err.status()
            );
            assert!(err.to_string().starts_with(&head), "{err}");
        }
    }
    // Both meanings of INVALID_MODULE are documented on the one variant, and its body is kept.
    let body = r#"{"code":"INVALID_MODULE","details":{"resource_path_index":0},"message":"the module name given seems to be invalid","status":"error"}"#;
    let err = api_error(zoho_parse(status(400), &json_headers(), Bytes::from(body)));
    assert_eq!(err.status(), 400);
    assert_eq!(err.headers()["content-type"], "application/json");
    match err.error() {
        UploadAttachmentError::InvalidModule(body) => {
            assert_eq!(body.details.as_ref().unwrap()["resource_path_index"], 0);
            assert_eq!(body.status.as_deref(), Some("error"));
        }
        other => panic!("{other:?}"),
    }
    // The status received, the vendor's code and message, then what the docs say.
    assert_eq!(
        err.to_string(),
        "HTTP 400 Bad Request, code INVALID_MODULE: the module name given seems to be invalid \
         (documented: The module name given seems to be invalid / The given module is not supported in API)"
    );
    // A code documented under one status and received under another keeps the status received.
    let moved = r#"{"code":"NO_PERMISSION","message":"Permission denied","status":"error"}"#;
    let err = api_error(zoho_parse(status(400), &json_headers(), Bytes::from(moved)));
    assert!(matches!(
        err.error(),
        UploadAttachmentError::NoPermission(_)
    ));
    assert_eq!(
        err.to_string(),
        "HTTP 400 Bad Request, code NO_PERMISSION: Permission denied \
         (documented: Permission denied to upload attachment)"
    );
}

#[test]
fn every_documented_highlevel_error_reaches_its_variant_with_its_body_shape() {
    let op = spec_operation("highlevel", "upload_file_attachments");
    for v in &op.errors.variants {
        let example = v.example.clone().expect("the page shows each error body");
        let err = api_error(hl_parse(
            status(tests::exact_status(v)),
            &json_headers(),
            Bytes::from(example),
        ));
        assert_eq!(
            variant_name(&format!("{:?}", err.error())),
            v.variant,
            "{err:?}"
        );
    }
    let unauthorized = r#"{"statusCode":401,"message":"Invalid token: access token is invalid","error":"Unauthorized"}"#;
    let err = api_error(hl_parse(
        status(401),
        &json_headers(),
        Bytes::from(unauthorized),
    ));
    match err.error() {
        UploadFileAttachmentsError::Unauthorized(body) => {
            assert_eq!(body.status_code, Some(401.0));
            assert_eq!(body.error.as_deref(), Some("Unauthorized"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "HTTP 401 Unauthorized: Invalid token: access token is invalid (documented: Unauthorized)"
    );
    let too_large = r#"{"status":413,"message":"Failed to upload the files"}"#;
    match api_error(hl_parse(
        status(413),
        &json_headers(),
        Bytes::from(too_large),
    ))
    .into_error()
    {
        UploadFileAttachmentsError::PayloadTooLarge(body) => {
            assert_eq!(body.status, UploadFilesErrorResponseDtoStatus::N413);
            assert_eq!(body.message, "Failed to upload the files");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn highlevel_sample_response_parses() {
    let op = spec_operation("highlevel", "upload_file_attachments");
    let parsed = hl_parse(
        status(200),
        &json_headers(),
        Bytes::from(op.success[0].example.clone().unwrap()),
    )
    .unwrap();
    assert!(parsed.uploaded_files.is_empty());
    let with_urls = r#"{"uploadedFiles":{"a.pdf":"https://storage.example/a.pdf"}}"#;
    let parsed = hl_parse(status(200), &json_headers(), Bytes::from(with_urls)).unwrap();
    assert_eq!(
        parsed.uploaded_files["a.pdf"],
        "https://storage.example/a.pdf"
    );
}

/// What undocumented responses must become: `Error::Undocumented`, raw body kept.
fn assert_unhandled<E: std::fmt::Debug>(
    result: Result<impl std::fmt::Debug, Error<E>>,
    code: u16,
    body: &[u8],
    reason: fn(&UnhandledReason) -> bool,
) {
    let u = match result {
        Err(Error::Undocumented(u)) => u,
        other => panic!("expected an undocumented response, got {other:?}"),
    };
    assert_eq!(u.status(), code);
    assert_eq!(
        u.body().as_ref(),
        body,
        "the raw body is kept byte for byte"
    );
    assert!(reason(u.reason()), "{:?}", u.reason());
}

#[test]
fn undocumented_responses_are_kept_whole() {
    let html = b"<html><body>502 Bad Gateway</body></html>";
    let garbage = b"{\"data\": [";
    let undocumented_status =
        |r: &UnhandledReason| matches!(r, UnhandledReason::UndocumentedStatus);
    let malformed = |r: &UnhandledReason| matches!(r, UnhandledReason::MalformedBody(_));

    // An undocumented status with an HTML body.
    assert_unhandled(
        zoho_parse(status(502), &HeaderMap::new(), Bytes::from_static(html)),
        502,
        html,
        undocumented_status,
    );
    assert_unhandled(
        hl_parse(status(502), &HeaderMap::new(), Bytes::from_static(html)),
        502,
        html,
        undocumented_status,
    );
    // A documented status whose body is not the documented JSON.
    assert_unhandled(
        zoho_parse(status(400), &json_headers(), Bytes::from_static(html)),
        400,
        html,
        malformed,
    );
    assert_unhandled(
        hl_parse(status(413), &json_headers(), Bytes::from_static(html)),
        413,
        html,
        malformed,
    );
    // Malformed JSON on success.
    assert_unhandled(
        zoho_parse(status(200), &json_headers(), Bytes::from_static(garbage)),
        200,
        garbage,
        malformed,
    );
    assert_unhandled(
        hl_parse(status(200), &json_headers(), Bytes::from_static(garbage)),
        200,
        garbage,
        malformed,
    );
    // Valid JSON of the wrong shape on success.
    assert_unhandled(
        hl_parse(status(200), &json_headers(), Bytes::from_static(b"[]")),
        200,
        b"[]",
        malformed,
    );
    // An error code the page does not list.
    let unknown = br#"{"code":"MANDATORY_NOT_FOUND","details":{},"message":"x","status":"error"}"#;
    assert_unhandled(
        zoho_parse(status(400), &json_headers(), Bytes::from_static(unknown)),
        400,
        unknown,
        |r| matches!(r, UnhandledReason::UndocumentedCode(c) if c == "MANDATORY_NOT_FOUND"),
    );
    // An empty body with an error status.
    assert_unhandled(
        zoho_parse(status(500), &HeaderMap::new(), Bytes::new()),
        500,
        b"",
        malformed,
    );
    // Headers are kept too.
    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", "abc".parse().unwrap());
    match zoho_parse(status(418), &headers, Bytes::new()).unwrap_err() {
        Error::Undocumented(u) => assert_eq!(u.headers()["x-request-id"], "abc"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn arbitrary_bodies_and_statuses_never_panic() {
    // Deterministic noise, plus JSON-ish fragments, under every status class.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let fragments: [&[u8]; 8] = [
        b"{\"code\":",
        b"\"INVALID_MODULE\"",
        b"{\"data\":[{",
        b"}",
        b"]",
        b"\"uploadedFiles\":{\"a\":1}",
        b"\xff\xfe",
        b"null",
    ];
    for _ in 0..3000 {
        let status =
            status([200, 201, 400, 401, 403, 404, 413, 415, 418, 500, 502][(next() % 11) as usize]);
        let mut body = Vec::new();
        for _ in 0..(next() % 6) {
            if next() % 2 == 0 {
                body.extend_from_slice(fragments[(next() % 8) as usize]);
            } else {
                body.extend((0..next() % 16).map(|_| next() as u8));
            }
        }
        let body = Bytes::from(body);
        let _ = zoho_parse(status, &json_headers(), body.clone());
        let _ = hl_parse(status, &json_headers(), body);
    }
}
