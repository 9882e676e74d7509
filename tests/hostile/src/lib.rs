//! The code generated from `spec/hostile.yaml`, compiled with every warning
//! and missing doc denied (clippy runs over it in CI too).
#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/apis.rs"));

#[cfg(test)]
mod tests {
    use super::type_api as api;
    use apigen_runtime::{AccessToken, Error, Operation, RequestError, Response};

    #[test]
    fn names_are_renamed_for_rust_and_sent_verbatim() {
        use api::r#match::MatchRequest;
        let request = MatchRequest::builder()
            .r#type(api::Type::N3gp)
            .n1st(7)
            .self_(api::StatusCode::Match)
            .x_trace_id("trace")
            .build_("built")
            .r#where("a b")
            .r#enum("e")
            .build();
        request.check_scopes(&["scope.b", "user.match"]).unwrap();
        let http = request
            .into_http_request(&api::Server::Self_, &AccessToken::new("k"))
            .unwrap();
        assert_eq!(
            http.uri(),
            "https://hostile.example.com/v-2/loop/3gp/7/match?where=a+b"
        );
        assert_eq!(http.headers()["X-Api-Key"], "Token k");
        assert_eq!(http.headers()["X-Trace-ID"], "trace");
        assert_eq!(http.headers()["X-Fixed"], "v1");
        assert_eq!(api::Type::from_wire("名前"), api::Type::MingQian);
        assert_eq!(
            api::Type::from_wire("other"),
            api::Type::Unknown("other".into())
        );
        assert_eq!(
            api::Server::N2ndSite.base_url(),
            "https://second.example.com"
        );
    }

    #[test]
    fn a_header_value_with_a_newline_is_a_typed_error() {
        let request = api::r#match::MatchRequest::builder()
            .r#type(api::Type::C)
            .n1st(1)
            .self_(api::StatusCode::In)
            .x_trace_id("a\r\nInjected: yes")
            .build_("b")
            .r#enum("e")
            .build();
        let err = request
            .into_http_request(&api::Server::default(), &AccessToken::new("k"))
            .unwrap_err();
        assert!(
            matches!(err, RequestError::InvalidHeaderValue { name: "X-Trace-ID" }),
            "{err:?}"
        );
    }

    #[test]
    fn hostile_error_codes_have_their_own_variants() {
        use api::r#match::{MatchError, MatchRequest};
        let response = |status: u16, body: String| {
            Response::new(
                http::StatusCode::from_u16(status).unwrap(),
                Default::default(),
                body,
            )
        };
        let parse = |code: &str| {
            let body = format!(r#"{{"code":"{code}"}}"#);
            match MatchRequest::parse_response(response(400, body)).unwrap_err() {
                Error::Api(e) => Some(e.into_error()),
                _ => None,
            }
        };
        assert!(matches!(parse("Unknown"), Some(MatchError::Unknown(_))));
        assert!(matches!(parse("Unhandled"), Some(MatchError::Unhandled(_))));
        assert!(matches!(
            parse("404-NOT-FOUND"),
            Some(MatchError::N404NotFound(_))
        ));
        assert!(matches!(parse("ok?"), Some(MatchError::Ok(_))));
        assert!(parse("nope").is_none(), "an undocumented code");
        let body = r#"{"type":"c++","1st-place":1,"Self":["in"],"crate":{"k":{"type":"Self"}},"año":true}"#;
        let parsed = MatchRequest::parse_response(response(201, body.into())).unwrap();
        assert_eq!(parsed.r#type, api::Type::C);
        assert_eq!(parsed.n1st_place, Some(1));
        assert_eq!(parsed.self_, Some(vec![api::StatusCode::In]));
        assert_eq!(parsed.crate_.unwrap()["k"].r#type, api::Type::Self_);
        assert_eq!(parsed.ano, Some(true));
    }

    #[test]
    fn recursive_schemas_and_an_empty_error_list() {
        use api::tree::TreeRequest;
        let ok =
            |body: &str| Response::new(http::StatusCode::OK, Default::default(), body.to_owned());
        let node = TreeRequest::parse_response(ok(
            r#"{"name":"leaf","parent":{"name":"root"},"children":[{"name":"kid"}]}"#,
        ))
        .unwrap();
        assert_eq!(node.parent.as_ref().unwrap().name, "root");
        assert!(node.parent.unwrap().parent.is_none());
        assert_eq!(node.children.unwrap()[0].name, "kid");
        let ping: api::Ping = serde_json::from_str(r#"{"pong":{"ping":{"pong":{}}}}"#).unwrap();
        assert!(ping.pong.ping.unwrap().pong.ping.is_none());
        // Nothing is documented: any other status is undocumented, kept whole.
        let teapot = Response::new(http::StatusCode::IM_A_TEAPOT, Default::default(), "x");
        assert!(matches!(
            TreeRequest::parse_response(teapot),
            Err(Error::Undocumented(_))
        ));
    }

    /// The mock's generated code, with hostile names: a request sent by the
    /// client arrives typed, field for field; answers go out typed.
    #[tokio::test]
    async fn the_mock_speaks_hostile_names() {
        use api::r#match::{MatchError, MatchImpl, MatchRequest};
        use apigen_runtime::mock::{self, json};
        use apigen_runtime::{Client, FilePart};

        let mock = api::mock::MockServer::start().await.unwrap();
        let client = Client::new(AccessToken::new("k"), mock.server()).unwrap();
        let request = || {
            MatchRequest::builder()
                .r#type(api::Type::MingQian)
                .n1st(7)
                .self_(api::StatusCode::Match)
                .x_trace_id("trace")
                .build_("built")
                .r#where("a b")
                .r#where("c")
                .r#mod(true)
                .r#struct(FilePart::from_bytes("s.bin", "bytes"))
                .r#trait(3)
                .build()
        };
        mock.r#match()
            .ok(mock::body(json!({"type": "名前", "año": true})));
        let output = client.send(request()).await.unwrap();
        assert_eq!(output.r#type, api::Type::MingQian);
        assert_eq!(output.ano, Some(true));

        mock.r#match()
            .once()
            .error(MatchError::N404NotFound(mock::body(json!({"code": "x"}))));
        match client.send(request()).await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status(), 404);
                assert!(
                    matches!(e.error(), MatchError::N404NotFound(p) if p.code == "404-NOT-FOUND")
                );
            }
            other => panic!("expected 404-NOT-FOUND, got {other:?}"),
        }

        let received = mock.r#match().received();
        assert_eq!(received.len(), 2);
        let r = &received[0];
        assert_eq!(r.r#type, api::Type::MingQian);
        assert_eq!(r.n1st, 7);
        assert_eq!(r.self_, api::StatusCode::Match);
        assert_eq!(r.r#where, ["a b", "c"]);
        assert_eq!(r.x_trace_id, "trace");
        assert_eq!(r.build_, "built");
        assert_eq!(r.r#mod, Some(true));
        assert!(r.r#async.is_none());
        let MatchImpl::Static(alternative) = &r.r#impl else {
            panic!("the `static` alternative arrived as {:?}", r.r#impl);
        };
        assert_eq!(alternative.r#struct.file_name(), "s.bin");
        assert_eq!(alternative.r#trait, Some(3));
    }

    /// JSON fields named like the generator's locals, unions tagged by a
    /// keyword, successes and errors named like `Self`, `None`, `Some`, `Ok`:
    /// through the mock and back.
    #[tokio::test]
    async fn every_new_kind_with_hostile_names() {
        use api::r#fn::{FnError, FnOutput, FnRequest};
        use apigen_runtime::{Client, Error, Nullable};
        let mock = api::mock::MockServer::start().await.unwrap();
        let client = Client::new(AccessToken::new("k"), mock.server()).unwrap();
        let request = || {
            FnRequest::builder()
                .request("r")
                .body(api::Enum::Self_(api::Node::new("n")))
                .form(api::Impl::String("s".into()))
                .decoder(api::StatusCode::In)
                .base_url(2)
                .self_null()
                .r#type([api::StatusCode::Match])
                .build()
        };
        mock.r#fn().once().ok(FnOutput::None);
        assert!(matches!(
            client.send(request()).await.unwrap(),
            FnOutput::None
        ));
        mock.r#fn().once().error(FnError::Some);
        match client.send(request()).await {
            Err(Error::Api(e)) => assert_eq!(*e.error(), FnError::Some),
            other => panic!("{other:?}"),
        }
        let received = &mock.r#fn().received()[0];
        assert!(matches!(&received.body, api::Enum::Self_(node) if node.name == "n"));
        assert_eq!(received.form, Some(api::Impl::String("s".into())));
        assert_eq!(received.decoder, [api::StatusCode::In]);
        assert_eq!(received.base_url, Some(2));
        // Nullable inputs named like keywords: `self_null()`, `r#type(..)`.
        assert_eq!(received.self_, Nullable::Null);
        assert_eq!(
            received.r#type,
            Some(Nullable::Value(vec![api::StatusCode::Match]))
        );
        // The documented minimum is checked before sending.
        let zero = FnRequest::builder()
            .request("r")
            .body(api::Enum::Crate(api::Problem::new("c")))
            .base_url(0)
            .self_("s")
            .build();
        assert!(matches!(
            client.send(zero).await,
            Err(Error::Request(RequestError::OutOfRange {
                name: "base_url",
                ..
            }))
        ));
    }

    /// Types named like the prelude's items (`Option`, `Result`, `String`,
    /// `Vec`, `Some`...) or the API module's (`Server`) end in `_` in Rust and
    /// keep their names on the wire; operations named like crates (`std`,
    /// `core`) are modules like any other. Through the mock and back.
    #[tokio::test]
    async fn prelude_names_are_escaped_and_crate_names_are_modules() {
        use api::std::{StdError, StdOutput, StdRequest};
        use apigen_runtime::mock::{self, json};
        use apigen_runtime::Client;

        let mock = api::mock::MockServer::start().await.unwrap();
        let client = Client::new(AccessToken::new("k"), mock.server()).unwrap();
        let request = || {
            StdRequest::builder()
                .default(api::Default_::None)
                .option(api::Option_::Some)
                .string(api::String_::new("s"))
                .result(api::Result_::default())
                .vec([api::Vec_::new("v")])
                .some(api::Some_::Ok(api::Ok_::new("ok")))
                .server(api::Server_::new("not the `Server` enum"))
                .error(api::Error::default())
                .build()
        };
        mock.std().once().ok(StdOutput::Done(mock::body(
            json!({"option": "some", "into": {"value": "i"}}),
        )));
        match client.send(request()).await.unwrap() {
            StdOutput::Done(result) => {
                assert_eq!(result.option, Some(api::Option_::Some));
                assert_eq!(result.into.unwrap().value, "i");
            }
            other => panic!("{other:?}"),
        }
        mock.std()
            .once()
            .error(StdError::Error(mock::body(json!({"from": {"value": "f"}}))));
        match client.send(request()).await {
            Err(Error::Api(e)) => {
                let StdError::Error(body) = e.error() else {
                    panic!("{e:?}")
                };
                assert_eq!(body.from.as_ref().unwrap().value, "f");
            }
            other => panic!("{other:?}"),
        }
        let received = &mock.std().received()[0];
        assert_eq!(received.default, api::Default_::None);
        assert_eq!(received.option, api::Option_::Some);
        assert_eq!(received.string.value, "s");
        assert_eq!(received.vec, [api::Vec_::new("v")]);
        assert_eq!(received.some, Some(api::Some_::Ok(api::Ok_::new("ok"))));
        assert_eq!(
            received.server.as_ref().unwrap().value,
            "not the `Server` enum"
        );

        // `core`: a query of the enum named like `Option`, a list named like `Vec`.
        mock.core().ok(mock::body(json!([{"value": "x"}])));
        let request = api::core::CoreRequest::builder()
            .option(api::Option_::None)
            .build();
        let list = client.send(request).await.unwrap();
        assert_eq!(list, [api::Vec_::new("x")]);
        assert_eq!(mock.core().received()[0].option, api::Option_::None);
    }
}
