//! The synthetic specs of the benchmarks, shared by `generation` (how fast
//! they generate) and `generated/benches/build_cost.rs` (what compiling
//! their output costs a consumer).

/// One Zoho-like operation (path parameters, a multipart one-of with a
/// query option, a body-code error table) and one HighLevel-like operation
/// (a fixed header, form fields and lists, typed file parts, status-coded
/// errors with their own bodies), each with its own nested response schemas.
pub fn synthetic_spec(operations: usize) -> String {
    let mut s = String::from(
        r#"name: synthetic
title: Synthetic API
description: Generated for benchmarks.
docs_url: https://example.com/docs
base_path: /crm/v7
servers:
  description: Data centers.
  list:
    - {name: us, title: US, url: "https://www.zohoapis.com", default: true}
    - {name: eu, title: EU, url: "https://www.zohoapis.eu"}
    - {name: in, title: IN, url: "https://www.zohoapis.in"}
auth:
  description: A token.
  header: Authorization
  scheme: Zoho-oauthtoken
enums:
  Module:
    description: Modules.
    properties:
      scope_name: Scope name.
    values:
"#,
    );
    for m in [
        "Leads",
        "Accounts",
        "Contacts",
        "Deals",
        "Campaigns",
        "Tasks",
        "Cases",
        "Events",
        "Calls",
        "Solutions",
        "Products",
        "Vendors",
        "Price_Books",
        "Quotes",
        "Sales_Orders",
        "Purchase_Orders",
        "Invoices",
        "Notes",
    ] {
        s.push_str(&format!(
            "      - {{name: {m}, value: {m}, scope_name: {}}}\n",
            m.to_lowercase().replace('_', "")
        ));
    }
    s.push_str(
        r#"    other: {name: Custom, description: Custom module., scope_name: custom}
  OperationType:
    description: Operation types.
    values:
      - {name: ALL, value: ALL}
      - {name: WRITE, value: WRITE}
      - {name: CREATE, value: CREATE}
  FileType:
    description: File types.
    properties:
      extensions: {type: "string[]", description: Extensions.}
      mime_type: MIME type.
    values:
      - {name: PDF, value: PDF, extensions: [pdf], mime_type: application/pdf}
      - {name: PNG, value: PNG, extensions: [png], mime_type: image/png}
      - {name: TXT, value: TXT, extensions: [txt], mime_type: text/plain}
schemas:
  UserRef:
    description: A user.
    fields:
      name: {type: string, required: true, description: Name.}
      id: {type: string, required: true, description: Id.}
  ErrorBody:
    description: An error.
    fields:
      code: {type: string, required: true, description: Code.}
      details: {type: json, required: false, description: Details.}
      message: {type: string, required: true, description: Message.}
      status: {type: string, required: false, description: Status.}
  StatusBody:
    description: A status error.
    fields:
      statusCode: {type: integer, required: false, description: Status.}
      message: {type: string, required: false, description: Message.}
"#,
    );
    for i in 0..operations {
        s.push_str(&format!(
            r#"  Details{i}:
    description: Details.
    fields:
      Modified_Time: {{type: datetime, required: true, description: Modified.}}
      Modified_By: {{type: UserRef, required: true, description: By.}}
      id: {{type: string, required: true, description: Id.}}
  Result{i}:
    description: Result.
    fields:
      code: {{type: string, required: true, description: Code.}}
      details: {{type: Details{i}, required: true, description: Details.}}
      message: {{type: string, required: true, description: Message.}}
  Response{i}:
    description: Response.
    fields:
      data: {{type: "Result{i}[]", required: true, description: Data.}}
      files: {{type: "map<string>", required: false, description: Files.}}
"#
        ));
    }
    s.push_str("operations:\n");
    for i in 0..operations {
        if i % 2 == 0 {
            s.push_str(&format!(
                r#"  upload_{i}:
    summary: Upload {i}
    description: Uploads.
    docs_url: https://example.com/docs/{i}
    method: POST
    path: /{{module_api_name}}/{{record_id}}/Attachments{i}
    params:
      module_api_name: {{in: path, type: Module, rust_name: module, description: Module.}}
      record_id: {{in: path, type: string, description: Record.}}
    body:
      content_type: multipart/form-data
      one_of:
        name: content
        description: File or link.
        alternatives:
          file:
            description: A file.
            params:
              file: {{in: form, type: file, required: true, description: File.}}
          link:
            description: A link.
            params:
              attachmentUrl: {{in: form, type: string, required: true, description: URL.}}
              title: {{in: query, type: string, required: false, description: Title.}}
    scopes:
      all_of:
        - any_of: [ZohoCRM.modules.ALL, "ZohoCRM.modules.{{module_name}}.{{operation_type}}"]
        - "ZohoCRM.modules.attachments.{{operation_type}}"
    scope_variables:
      module_name: {{param: module_api_name, property: scope_name}}
      operation_type: {{enum: OperationType}}
    response: {{status: 200, body: Response{i}}}
    errors:
      by: body_code
      body: ErrorBody
      list:
        - {{code: INVALID_MODULE, status: 400, message: Invalid module, resolution: Fix it.}}
        - {{code: INVALID_MODULE, status: 400, message: Unsupported module, resolution: Fix it.}}
        - {{code: INVALID_URL_PATTERN, status: 404, message: Bad URL, resolution: Fix it.}}
        - {{code: OAUTH_SCOPE_MISMATCH, status: 401, message: Unauthorized, resolution: Fix it.}}
        - {{code: NO_PERMISSION, status: 403, message: Denied, resolution: Ask.}}
        - {{code: INTERNAL_ERROR, status: 500, message: Internal, resolution: Wait.}}
        - {{code: INVALID_DATA, status: 400, message: Bad id, resolution: Fix it.}}
"#
            ));
        } else {
            s.push_str(&format!(
                r#"  send_{i}:
    summary: Send {i}
    description: Sends.
    docs_url: https://example.com/docs/{i}
    method: POST
    path: /conversations/{{conversation}}/messages{i}
    params:
      conversation: {{in: path, type: string, description: Conversation.}}
      Version: {{in: header, type: string, required: true, values: ["2021-04-15"], description: Version.}}
      locationId: {{in: form, type: string, required: true, description: Location.}}
      attachmentUrls: {{in: form, type: "string[]", required: true, description: URLs.}}
      tag: {{in: query, type: "string[]", required: false, description: Tags.}}
      fileAttachment: {{in: form, type: "file[]", required: false, file_types: FileType, description: Files.}}
    body: {{content_type: multipart/form-data}}
    scopes: conversations/message.write
    response: {{status: 200, body: Response{i}}}
    errors:
      by: status
      list:
        - {{status: 400, name: BadRequest, message: Bad, body: StatusBody}}
        - {{status: 401, name: Unauthorized, message: Unauthorized, body: StatusBody}}
        - {{status: 413, name: TooLarge, message: Too large, body: StatusBody}}
"#
            ));
        }
    }
    s
}
