//! One request over TLS to a local server with a self-signed certificate,
//! with whichever TLS backend the features chose: CI runs it three times,
//! with `reqwest` (rustls + aws-lc, the default), `rustls-ring` and
//! `native-tls`. The certificate is trusted through
//! `ClientBuilder::add_root_certificate`; without it the connection is
//! refused, so the backend really verifies.

#![cfg(feature = "tls")]

use std::sync::Arc;

use apigen_runtime::{
    AccessToken, BaseUrl, Client, DocumentedError, Error, ErrorInfo, HttpRequest, Operation,
    Placement, RequestBuilder, RequestError, Response, ScopeExpr, Secrets, Security,
    SecurityScheme,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[derive(Debug, Clone)]
struct Local(String);

impl BaseUrl for Local {
    fn base_url(&self) -> &str {
        &self.0
    }
}

#[derive(Debug)]
enum NoError {}

impl DocumentedError for NoError {
    fn info(&self) -> ErrorInfo<'_> {
        match *self {}
    }
}

/// `GET /ping`, answered with a JSON object.
struct Ping;

const AUTH: Security = &[&[SecurityScheme {
    name: "bearer",
    placement: Placement::Header {
        name: "Authorization",
        prefix: "Bearer",
    },
}]];

impl Operation for Ping {
    const NAME: &'static str = "ping";
    const REQUIRED_SCOPES: ScopeExpr = ScopeExpr::AllOf(&[]);
    const SECURITY: Security = AUTH;
    type Server = Local;
    type Output = serde_json::Value;
    type Error = NoError;

    fn into_http_request(
        self,
        server: &Local,
        token: &dyn Secrets,
    ) -> Result<HttpRequest, RequestError> {
        let mut request = RequestBuilder::new(http::Method::GET, server.base_url(), AUTH, token)?;
        request.path("/ping");
        request.empty()
    }

    fn parse_response(response: Response) -> Result<serde_json::Value, Error<NoError>> {
        match response.status().as_u16() {
            200 => response.json(),
            _ => response.undocumented(),
        }
    }
}

/// A TLS server on 127.0.0.1 (rustls with ring, whatever the client uses)
/// answering every connection's first request; returns its URL and the
/// certificate's PEM.
async fn tls_server() -> (String, String) {
    let mut params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
    params.distinguished_name = rcgen::DistinguishedName::new();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    let pem = cert.pem();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "https://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    );
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake (the untrusted case) ends here.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let body = br#"{"pong":true}"#;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.write_all(body).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (url, pem)
}

#[tokio::test]
async fn a_request_over_tls_with_the_chosen_backend() {
    let (url, pem) = tls_server().await;
    let client = Client::builder(AccessToken::new("t"), Local(url.clone()))
        .add_root_certificate(pem.as_bytes())
        .unwrap()
        .build()
        .unwrap();
    let pong = client.send(Ping).await.unwrap();
    assert_eq!(pong, serde_json::json!({"pong": true}));

    // The same server, its certificate not trusted: refused.
    let untrusting = Client::new(AccessToken::new("t"), Local(url)).unwrap();
    match untrusting.send(Ping).await {
        Err(Error::Transport(e)) => {
            assert_eq!(e.kind(), apigen_runtime::TransportErrorKind::Connect, "{e}")
        }
        other => panic!("an untrusted certificate was accepted: {other:?}"),
    }
}

#[tokio::test]
async fn a_root_pem_without_a_certificate_is_refused_saying_what_it_holds() {
    let key = rcgen::KeyPair::generate().unwrap().serialize_pem();
    let builder = || Client::builder(AccessToken::new("t"), Local("https://127.0.0.1:1".into()));
    for (pem, says) in [
        (&b""[..], "no PEM section"),
        (b"not a certificate at all\n", "no PEM section"),
        (key.as_bytes(), "only PrivateKey"),
        (
            b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
            "malformed",
        ),
    ] {
        match builder().add_root_certificate(pem) {
            Err(e) => {
                let text = e.to_string();
                assert!(text.contains(says), "{says}: {text}");
                assert!(!text.contains("PRIVATE KEY-----\n"), "{text}");
            }
            Ok(_) => panic!("{says}: accepted"),
        }
    }
    // Base64 that is no certificate: read as one, then refused when the
    // client is built, saying why (not only "builder error").
    let garbage = b"-----BEGIN CERTIFICATE-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE-----\n";
    if let Ok(builder) = builder().add_root_certificate(garbage) {
        let text = builder.build().unwrap_err().to_string();
        assert!(text.len() > "HTTP error: builder error".len() + 2, "{text}");
    }
}
