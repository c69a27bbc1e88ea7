/// The OpenAPI 3.1 description of every route. A test checks that each route the router
/// registers appears here, so the description cannot fall behind the code.
enum OpenAPIDocument {
    static let yaml = #"""
        openapi: 3.1.0
        info:
          title: Portunus API
          version: 0.1.0
          summary: Goods declarations for a SMART border platform.
          description: |
            Every /api/v1 route needs an API key: `Authorization: Bearer ptn_<id>_<secret>`.
            Errors are RFC 9457 problem documents (`application/problem+json`) with a stable `code`
            and the JSON `pointer` of the offending field. Party identifiers are replaced by stable
            pseudonyms unless the key holds the `unmask` grant; every unmasked read is recorded.

            | operation | roles |
            | --- | --- |
            | declarations.lodge | admin, trader (own party only) |
            | declarations.list | admin, analyst, officer, trader (own only) |
            | declarations.read | admin, analyst, officer, trader (own only) |
            | risk.assess | admin, analyst |
            | risk.read | admin, analyst, officer |
            | risk.lane | admin, analyst, officer, trader (own lane in the lodgement answer, when laneToTraders) |
            | risk.worklist | admin, analyst, officer |
            | risk.reroute | admin, officer |
            | risk.outcome | admin, officer |
            | risk.models | admin, analyst |
            | risk.rules | admin, analyst |
            | travel.ingest | admin, analyst |
            | travel.read | admin, analyst, officer |
            | travel.vet | admin, analyst, officer |
            | travel.lists | admin, analyst |
            | travel.rules | admin, analyst |
            | documents.check | admin, analyst, officer |
            | biometrics.enroll | admin, analyst |
            | biometrics.search | admin, analyst, officer |
            | zones.read | admin, analyst, officer |
            | zones.write | admin, analyst |
            | tariff.read | admin, analyst, officer, trader, partner |
            | tariff.statistics | admin, analyst |
            | tariff.classify | admin, analyst, officer, trader |
            | tariff.confirm | admin, officer |
            | tracking.read | admin, analyst, officer |
            | tracking.movements | admin, officer |
            | tracking.report | admin, officer |
            | tracking.webhooks | admin |
            | ledger.write | admin, officer |
            | ledger.read | admin, analyst, officer, trader, partner |
            | certificates.issue | admin |
            | certificates.read | admin, analyst, officer, partner, trader (own only) |
            | lab.custody | admin, officer |
            | lab.read | admin, analyst, officer |
        servers:
          - url: /
        security:
          - apiKey: []
        paths:
          /:
            get:
              summary: Landing page (what is running, what it holds)
              security: []
              responses:
                "200": { description: HTML page, content: { text/html: {} } }
          /healthz:
            get:
              summary: Health (the store answers a query)
              security: []
              responses:
                "200":
                  description: Healthy
                  content:
                    application/json:
                      schema:
                        type: object
                        properties: { status: { type: string }, declarations: { type: integer } }
                "503": { $ref: "#/components/responses/Problem" }
          /metrics:
            get:
              summary: Prometheus metrics (text exposition format)
              security: []
              responses:
                "200": { description: Metrics, content: { text/plain: {} } }
          /api/v1/openapi.yaml:
            get:
              summary: This document
              security: []
              responses:
                "200": { description: OpenAPI 3.1, content: { application/yaml: {} } }
          /ledger/checkpoint:
            get:
              summary: The ledger's latest signed checkpoint (C2SP tlog-checkpoint)
              description: Public, as the ledger holds hashes only. Cache for a second at most.
              security: []
              responses:
                "200": { description: Signed note, content: { text/plain: {} } }
                "404": { $ref: "#/components/responses/Problem" }
          /ledger/tile/{path}:
            get:
              summary: A hash tile (tile/<L>/<N>[.p/<W>]) or entry bundle (tile/entries/<N>[.p/<W>]), as C2SP tlog-tiles names them
              description: Public and immutable. The path has slashes (e.g. tile/0/x001/234.p/17); non-canonical paths are 404.
              security: []
              parameters:
                - { name: path, in: path, required: true, schema: { type: string } }
              responses:
                "200": { description: Tile bytes, content: { application/octet-stream: {} } }
                "404": { $ref: "#/components/responses/Problem" }
          /ledger/witness/add-checkpoint:
            post:
              summary: Witness a partner's checkpoint (C2SP tlog-witness add-checkpoint)
              description: |
                Public: the checkpoint's signature by a followed log is the authentication. Body: `old <size>`,
                the consistency proof (base64 lines), a blank line, the signed checkpoint. 200 returns this
                witness's cosignature line; 409 (text/x.tlog.size) the size it last cosigned; 400 malformed or
                old > size; 403 no trusted signature; 404 origin not followed; 422 inconsistent (a fork or a
                failing proof, kept as evidence).
              security: []
              requestBody: { required: true, content: { text/plain: {} } }
              responses:
                "200": { description: Cosignature line(s), content: { text/plain: {} } }
                "400": { description: Malformed, content: { text/plain: {} } }
                "403": { description: No trusted signature, content: { text/plain: {} } }
                "404": { description: Origin not followed, content: { text/plain: {} } }
                "409": { description: The witness's size, content: { text/x.tlog.size: {} } }
                "422": { description: Inconsistent with what the witness saw, content: { text/plain: {} } }
          /api/v1/ledger/entries:
            post:
              summary: Append an entry of the caller's own type to the ledger
              description: |
                A JSON object with `type` (a–z, 0–9, . - _; not portunus.*) and its schema version `v`.
                Portunus adds `seq`, `at` and `by` (the key id), canonicalises it (RFC 8785) and appends it.
                201 once it is in a signed checkpoint; 202 when this server does not write a ledger (it waits
                in the outbox). The log is public: put personal data in a commitment, never in clear.
              requestBody: { required: true, content: { application/json: { schema: { type: object } } } }
              responses:
                "201":
                  description: Appended
                  content: { application/json: { schema: { type: object, properties: { seq: { type: integer }, index: { type: integer } } } } }
                "202": { description: Waiting in the outbox }
                "400": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
          /api/v1/ledger/entries/{index}:
            get:
              summary: One entry, byte for byte
              parameters:
                - { name: index, in: path, required: true, schema: { type: integer } }
              responses:
                "200": { description: The entry (canonical JSON), content: { application/json: {} } }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/ledger/proof:
            get:
              summary: A tlog-proof (c2sp.org/tlog-proof@v1) that entry `index` is in the log
              description: Against the checkpoint of `size` if given, else the latest cosigned checkpoint that covers the entry, else the latest.
              parameters:
                - { name: index, in: query, required: true, schema: { type: integer } }
                - { name: size, in: query, schema: { type: integer } }
              responses:
                "200": { description: The proof, content: { text/plain: {} } }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/ledger/consistency:
            get:
              summary: The consistency proof from size `old` to size `new` (default the latest), one base64 hash per line
              parameters:
                - { name: old, in: query, required: true, schema: { type: integer } }
                - { name: new, in: query, schema: { type: integer } }
              responses:
                "200": { description: The proof, content: { text/plain: {} } }
                "400": { $ref: "#/components/responses/Problem" }
          /api/v1/ledger/status:
            get:
              summary: The log's size and cosigned size, entries waiting, witnesses asked and whether the quorum is met; the logs this instance witnesses
              responses:
                "200": { description: Status, content: { application/json: { schema: { type: object } } } }
          /api/v1/certificates/aeo:
            post:
              summary: Issue an AEO authorisation
              description: |
                Body: holder (party id), programme (AEOC, AEOS, AEOF), optional id, valid_from, mutual_recognition (country codes). Statuses: granted, suspended, revoked; granted again reinstates. A granted holder counts as AEO in risk assessment.
                The certificate document (canonical JSON) is stored, its SHA-256 and status go into the
                ledger in the same transaction; 201 returns the certificate with its events and ledger indices.
              requestBody: { required: true, content: { application/json: { schema: { type: object } } } }
              responses:
                "201": { description: Issued, content: { application/json: { schema: { $ref: "#/components/schemas/Certificate" } } } }
                "400": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
            get:
              summary: List an AEO authorisations (a trader sees only its own)
              parameters:
                - { name: holder, in: query, schema: { type: string } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 500 } }
              responses:
                "200": { description: Certificates, content: { application/json: { schema: { type: object } } } }
          /api/v1/certificates/aeo/{id}:
            get:
              summary: One an AEO authorisation, its document and history
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                "200": { description: The certificate, content: { application/json: { schema: { $ref: "#/components/schemas/Certificate" } } } }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/certificates/aeo/{id}/status:
            post:
              summary: Change the status of an AEO authorisation
              description: '{"status": …, "reason": …}; the reason stays in the database, its hash goes into the ledger. 409 when the current status does not allow the change.'
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              requestBody: { required: true, content: { application/json: { schema: { type: object } } } }
              responses:
                "200": { description: The certificate, content: { application/json: { schema: { $ref: "#/components/schemas/Certificate" } } } }
                "409": { $ref: "#/components/responses/Problem" }
          /api/v1/certificates/aeo/{id}/bundle:
            get:
              summary: The offline bundle of the latest status of an AEO authorisation
              description: |
                {"format":"portunus.certificate-bundle/v1","document":…,"entry":"<exact ledger entry>","proof":"<tlog-proof>"}.
                Verify offline with `portunus certificates verify BUNDLE --policy POLICY [--log URL]`.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                "200": { description: Bundle, content: { application/json: {} } }
                "409": { $ref: "#/components/responses/Problem" }
          /api/v1/certificates/origin:
            post:
              summary: Issue a certificate of origin
              description: |
                Body: exporter, origin_country, destination_country, goods [{hs_code, description, quantity}], optional id, consignee, invoice, preference. Statuses: issued, revoked.
                The certificate document (canonical JSON) is stored, its SHA-256 and status go into the
                ledger in the same transaction; 201 returns the certificate with its events and ledger indices.
              requestBody: { required: true, content: { application/json: { schema: { type: object } } } }
              responses:
                "201": { description: Issued, content: { application/json: { schema: { $ref: "#/components/schemas/Certificate" } } } }
                "400": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
            get:
              summary: List a certificate of origins (a trader sees only its own)
              parameters:
                - { name: holder, in: query, schema: { type: string } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 500 } }
              responses:
                "200": { description: Certificates, content: { application/json: { schema: { type: object } } } }
          /api/v1/certificates/origin/{id}:
            get:
              summary: One a certificate of origin, its document and history
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                "200": { description: The certificate, content: { application/json: { schema: { $ref: "#/components/schemas/Certificate" } } } }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/certificates/origin/{id}/status:
            post:
              summary: Change the status of a certificate of origin
              description: '{"status": …, "reason": …}; the reason stays in the database, its hash goes into the ledger. 409 when the current status does not allow the change.'
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              requestBody: { required: true, content: { application/json: { schema: { type: object } } } }
              responses:
                "200": { description: The certificate, content: { application/json: { schema: { $ref: "#/components/schemas/Certificate" } } } }
                "409": { $ref: "#/components/responses/Problem" }
          /api/v1/certificates/origin/{id}/bundle:
            get:
              summary: The offline bundle of the latest status of a certificate of origin
              description: |
                {"format":"portunus.certificate-bundle/v1","document":…,"entry":"<exact ledger entry>","proof":"<tlog-proof>"}.
                Verify offline with `portunus certificates verify BUNDLE --policy POLICY [--log URL]`.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                "200": { description: Bundle, content: { application/json: {} } }
                "409": { $ref: "#/components/responses/Problem" }
          /api/v1/lab/samples:
            post:
              summary: A laboratory sample taken (the first custody event)
              description: '{"description": …, "declaration": …, "id": …, "quantity": …, "place": …}; on the ledger with its details hashed.'
              requestBody: { required: true, content: { application/json: { schema: { type: object } } } }
              responses:
                "201": { description: The sample, content: { application/json: { schema: { $ref: "#/components/schemas/Sample" } } } }
                "400": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/lab/samples/{id}:
            get:
              summary: A sample and its chain of custody
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                "200": { description: The sample, content: { application/json: { schema: { $ref: "#/components/schemas/Sample" } } } }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/lab/samples/{id}/events:
            post:
              summary: The next custody event
              description: |
                In order: sealed {seal}, received {laboratory, seal_intact}, tested {method, notes},
                result {conclusion: conform | non_conform | inconclusive, findings, report}. Out of order: 409.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              requestBody: { required: true, content: { application/json: { schema: { type: object } } } }
              responses:
                "200": { description: The sample, content: { application/json: { schema: { $ref: "#/components/schemas/Sample" } } } }
                "409": { $ref: "#/components/responses/Problem" }
          /api/v1/declarations:
            post:
              summary: Lodge one declaration (JSON) or many (NDJSON, one per line)
              description: |
                Each record is answered: accepted (stored now), already_present (the same
                declaration was stored before; nothing changed, safe to retry), or rejected with
                its problems. A batch is stored in one transaction. A single JSON declaration that
                is rejected gets 422 with every problem in `errors`.
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: "#/components/schemas/Declaration" }
                  application/x-ndjson:
                    schema: { type: string, description: One Declaration object per line }
              responses:
                "201":
                  description: Stored
                  headers: { Location: { schema: { type: string } } }
                  content: { application/json: { schema: { $ref: "#/components/schemas/Lodged" } } }
                "200":
                  description: Already present (JSON), or per-record results (NDJSON)
                  content:
                    application/json:
                      schema:
                        oneOf:
                          - { $ref: "#/components/schemas/Lodged" }
                          - { $ref: "#/components/schemas/BatchResult" }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "413": { $ref: "#/components/responses/Problem" }
                "415": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
            get:
              summary: List declarations, filtered, in pages
              parameters:
                - { name: office, in: query, schema: { type: string } }
                - { name: importer, in: query, description: needs the unmask grant (traders see their own only), schema: { type: string } }
                - { name: hs, in: query, description: HS code prefix, 1 to 10 digits, schema: { type: string, pattern: "^[0-9]{1,10}$" } }
                - { name: from, in: query, description: lodged at or after (ISO 8601), schema: { type: string } }
                - { name: to, in: query, description: lodged before (ISO 8601), schema: { type: string } }
                - { name: cursor, in: query, description: the `next` of the previous page, schema: { type: string } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 500, default: 100 } }
              responses:
                "200":
                  description: A page
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [declarations]
                        properties:
                          declarations: { type: array, items: { $ref: "#/components/schemas/Declaration" } }
                          next: { type: string, description: absent on the last page }
                "400": { $ref: "#/components/responses/Problem" }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
          /api/v1/declarations/{id}:
            get:
              summary: Read one declaration
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                "200": { description: The declaration, content: { application/json: { schema: { $ref: "#/components/schemas/Declaration" } } } }
                "401": { $ref: "#/components/responses/Problem" }
                "403": { $ref: "#/components/responses/Problem" }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/declarations/{id}/assessment:
            get:
              summary: The declaration's assessment (lane in force, score, rule hits, model explanation, re-routes) — risk.read
              description: >-
                With the canonical `record` and `assessment_salt` (base64): SHA-256(salt ‖ record) is the
                `assessment_commitment` of the decision's ledger entry at `ledger_index`.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                "200": { description: Assessment, content: { application/json: {} } }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/declarations/{id}/reroute:
            post:
              summary: An officer sends the declaration to another lane, with the reason — risk.reroute
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      required: [lane, reason]
                      properties: { lane: { enum: [red, yellow, blue, green] }, reason: { type: string } }
              responses:
                "200": { description: The assessment with the re-route, content: { application/json: {} } }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/declarations/{id}/outcome:
            post:
              summary: Record what the inspection found (it teaches the next model) — risk.outcome
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      required: [result, fraud]
                      properties: { result: { enum: [irregularity, no_irregularity] }, fraud: { type: boolean }, critical: { type: boolean } }
              responses:
                "204": { description: Recorded }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/travel/messages:
            post:
              summary: Receive an API (PAXLST) or PNR (PNRGOV) file, raw EDIFACT; kept whole, read tolerantly; its people linked to travellers and screened — travel.ingest
              description: 201 for a new file, 200 when the same bytes were received before. Messy files are stored and answered with their diagnostics.
              requestBody: { content: { application/edifact: {}, text/plain: {} } }
              responses:
                "201": { description: "receipt (id, status, counts, diagnostics) and targeting (linked, new_travellers, flights, hits, vetting)", content: { application/json: {} } }
                "200": { description: Already received, content: { application/json: {} } }
          /api/v1/travel/flights:
            get:
              summary: Flights by departure day, newest first, with travellers, vetting items and open items — travel.read
              parameters:
                - { name: date, in: query, schema: { type: string, format: date } }
                - { name: airport, in: query, schema: { type: string }, description: origin or destination (IATA) }
                - { name: limit, in: query, schema: { type: integer, default: 100, maximum: 500 } }
              responses:
                "200": { description: "flights: [{flight: {id, number, origin, destination, departure_date, departure_local, arrival_local, departure_utc, arrival_utc}, travellers, vetting, open}]", content: { application/json: {} } }
          /api/v1/travel/flights/{id}:
            get:
              summary: A flight and its travellers, masked (traveller id, sources, role, gender, nationality, booking, seat, vetting status) — travel.read
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              responses:
                "200": { description: The flight, content: { application/json: {} } }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/travel/flights/{id}/vetting:
            get:
              summary: The flight's vetting list, most severe first, each item with its hits, events and lookout — travel.read
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              responses:
                "200": { description: "vetting: [item]", content: { application/json: {} } }
          /api/v1/travel/travellers/{id}:
            get:
              summary: A traveller, masked (no names, date of birth or document numbers), with travel history, the evidence of each link, co-travellers and vetting items — travel.read
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              responses:
                "200": { description: The traveller, content: { application/json: {} } }
          /api/v1/travel/travellers/{id}/unmask:
            post:
              summary: The traveller unmasked — travel.read and the unmask grant; the justification (10–1000 characters) is recorded, with a commitment on the ledger
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              requestBody: { required: true, content: { application/json: { schema: { type: object, required: [justification], properties: { justification: { type: string } } } } } }
              responses:
                "200": { description: The traveller with names, date of birth and documents, content: { application/json: {} } }
                "403": { $ref: "#/components/responses/Problem" }
          /api/v1/travel/hits:
            get:
              summary: Hits (watch list and rule) with their vetting item's status, optionally of one flight — travel.read
              parameters:
                - { name: flight, in: query, schema: { type: integer } }
                - { name: limit, in: query, schema: { type: integer, default: 100, maximum: 500 } }
              responses:
                "200": { description: "hits: [{vetting, flight, traveller, status, hit: {kind, reference, list, category, severity, score, reasons}}]", content: { application/json: {} } }
          /api/v1/travel/vetting:
            get:
              summary: Vetting items across flights, most severe first — travel.read
              parameters:
                - { name: status, in: query, schema: { type: string, enum: [new, in_review, cleared, referred] } }
                - { name: limit, in: query, schema: { type: integer, default: 100, maximum: 500 } }
              responses:
                "200": { description: "vetting: [item]", content: { application/json: {} } }
          /api/v1/travel/vetting/{id}:
            get:
              summary: One vetting item with its hits, events (with ledger indexes), lookout and the statuses it may move to — travel.read
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              responses:
                "200": { description: The item, content: { application/json: {} } }
          /api/v1/travel/vetting/{id}/status:
            post:
              summary: Move an item (new → in_review | cleared | referred; in_review → cleared | referred; cleared → in_review; referred → in_review | cleared) — travel.vet
              description: Audited and on the ledger (a note as its SHA-256). Any other move is 409.
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              requestBody: { required: true, content: { application/json: { schema: { type: object, required: [status], properties: { status: { type: string }, note: { type: string } } } } } }
              responses:
                "200": { description: The item, content: { application/json: {} } }
                "409": { $ref: "#/components/responses/Problem" }
          /api/v1/travel/vetting/{id}/notes:
            post:
              summary: Add a note (audited) — travel.vet
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              requestBody: { required: true, content: { application/json: { schema: { type: object, required: [text], properties: { text: { type: string } } } } } }
              responses:
                "201": { description: The item, content: { application/json: {} } }
          /api/v1/travel/vetting/{id}/lookout:
            post:
              summary: Promote an item in review or referred to a port-of-entry lookout (port defaults to the flight's arrival airport) — travel.vet
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              requestBody: { content: { application/json: { schema: { type: object, properties: { port: { type: string }, note: { type: string } } } } } }
              responses:
                "201": { description: The lookout, headers: { Location: { schema: { type: string } } }, content: { application/json: {} } }
                "409": { $ref: "#/components/responses/Problem" }
          /api/v1/travel/lookouts:
            get:
              summary: Lookouts, optionally of one port and status (active, demoted, closed) — travel.read
              parameters:
                - { name: port, in: query, schema: { type: string } }
                - { name: status, in: query, schema: { type: string, enum: [active, demoted, closed] } }
                - { name: limit, in: query, schema: { type: integer, default: 100, maximum: 500 } }
              responses:
                "200": { description: "lookouts: [lookout]", content: { application/json: {} } }
          /api/v1/travel/lookouts/{id}/outcome:
            post:
              summary: Record the encounter outcome of an active lookout (not_encountered, refused_entry, secondary_positive, secondary_negative, missed) — travel.vet
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              requestBody: { required: true, content: { application/json: { schema: { type: object, required: [outcome], properties: { outcome: { type: string }, note: { type: string } } } } } }
              responses:
                "200": { description: The lookout, closed, content: { application/json: {} } }
                "409": { $ref: "#/components/responses/Problem" }
          /api/v1/travel/lookouts/{id}/demote:
            post:
              summary: Take an active lookout off the list without an encounter — travel.vet
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              requestBody: { content: { application/json: { schema: { type: object, properties: { note: { type: string } } } } } }
              responses:
                "200": { description: The lookout, demoted, content: { application/json: {} } }
          /api/v1/travel/watch-lists:
            get:
              summary: The watch lists (name, kind persons | documents, entries) — travel.read
              responses:
                "200": { description: "lists: [list]", content: { application/json: {} } }
            post:
              summary: Create a watch list — travel.lists
              requestBody: { required: true, content: { application/json: { schema: { type: object, required: [name, kind], properties: { name: { type: string }, kind: { type: string, enum: [persons, documents] }, description: { type: string } } } } } }
              responses:
                "201": { description: The list, content: { application/json: {} } }
                "409": { $ref: "#/components/responses/Problem" }
          /api/v1/travel/watch-lists/{name}/entries:
            get:
              summary: A list's entries, masked (what is known, not what it is) — travel.read
              parameters:
                - { name: name, in: path, required: true, schema: { type: string } }
                - { name: after, in: query, schema: { type: integer } }
                - { name: limit, in: query, schema: { type: integer, default: 100, maximum: 500 } }
              responses:
                "200": { description: "entries and next (the cursor)", content: { application/json: {} } }
            post:
              summary: Add entries — travel.lists. JSON {id, name, aliases, birth_date, nationality, document_number, document_country, category, severity} or {traveller, category, severity} to list a traveller; text/csv for bulk (columns as `portunus travel lists import`)
              description: Entries are added or replaced by id; flights departing from three days ago on are screened again.
              parameters:
                - { name: name, in: path, required: true, schema: { type: string } }
              requestBody: { required: true, content: { application/json: { schema: { type: object } }, text/csv: {} } }
              responses:
                "201": { description: The entry (JSON), content: { application/json: {} } }
                "200": { description: "Import report (CSV): added, updated, unchanged, rejected, problems with line and column", content: { application/json: {} } }
          /api/v1/travel/watch-lists/{name}/entries/{id}:
            delete:
              summary: Remove an entry (it stops hitting; its past hits stay) — travel.lists
              parameters:
                - { name: name, in: path, required: true, schema: { type: string } }
                - { name: id, in: path, required: true, schema: { type: integer } }
              responses:
                "204": { description: Removed }
          /api/v1/travel/rules:
            get:
              summary: The travel rule set in force (YAML; ETag is its version) — travel.read
              responses:
                "200": { description: YAML, content: { application/yaml: {} } }
            put:
              summary: Install a new travel rule set (YAML; fields and derived fields in the README), validated first; flights to come are screened again — travel.rules
              requestBody: { required: true, content: { application/yaml: {} } }
              responses:
                "201": { description: "version, rescreened_flights, hits", content: { application/json: {} } }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/biometrics/galleries:
            get:
              summary: The galleries — biometrics.search. Per gallery and template format (extractor, version, dimension) the live templates, the calibrated threshold and the HNSW index in use
              responses:
                "200": { description: "galleries: [{gallery, extractor, version, dimension, templates, threshold, target_false_match_rate, index, index_templates}]", content: { application/json: {} } }
          /api/v1/biometrics/galleries/{gallery}/templates:
            post:
              summary: Enrol templates of one format in a gallery — biometrics.enroll. All or nothing; a refused template is named by its JSON pointer (/templates/N/template)
              description: |
                A subject is a reference (a watch-list entry, a case), never a name. Templates are normalised and stored; they are never
                returned. The body may be up to 32 MiB.
              parameters:
                - { name: gallery, in: path, required: true, schema: { type: string, pattern: "^[a-z0-9][a-z0-9._-]{0,63}$" } }
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [extractor, version, templates]
                      properties:
                        extractor: { type: string }
                        version: { type: string }
                        templates: { type: array, items: { type: object, required: [subject, template], properties: { subject: { type: string }, template: { type: array, items: { type: number } } } } }
              responses:
                "201": { description: "gallery, templates: the new template ids in order", content: { application/json: {} } }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/biometrics/templates/{id}:
            delete:
              summary: Remove a template (searches stop returning it at once; an HNSW index marks it deleted) — biometrics.enroll
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              responses:
                "204": { description: Removed }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/biometrics/search:
            post:
              summary: 1:N search of a gallery — biometrics.search. The top candidates with scores, and the decision under the format's calibrated threshold; recorded
              description: |
                By the gallery's HNSW index when `portunus biometrics gallery build` has built one, else exactly (OpenBLAS); `exact: true`
                forces exact search. Templates of another extractor, version or length are never compared (422 biometrics.format).
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [gallery, extractor, version, probe]
                      properties:
                        gallery: { type: string }
                        extractor: { type: string }
                        version: { type: string }
                        probe: { type: array, items: { type: number } }
                        top: { type: integer, minimum: 1, maximum: 100, default: 10 }
                        exact: { type: boolean, default: false }
              responses:
                "200": { description: "candidates [{template, subject, score}], decision (match | no_match | uncalibrated), policy {target_false_match_rate, threshold}, method (hnsw | exact), templates", content: { application/json: {} } }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/biometrics/verify:
            post:
              summary: 1:1 verification of a probe against one enrolled template — biometrics.search. The score and the decision under the calibrated threshold; recorded
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [template, extractor, version, probe]
                      properties:
                        template: { type: integer }
                        extractor: { type: string }
                        version: { type: string }
                        probe: { type: array, items: { type: number } }
              responses:
                "200": { description: "candidates [{template, subject, score}], decision, policy, method exact", content: { application/json: {} } }
                "404": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/zones:
            get:
              summary: The zones as a GeoJSON FeatureCollection (application/geo+json) — zones.read. With lon and lat, only the zones holding that position (a zone holds its boundary)
              parameters:
                - { name: kind, in: query, schema: { type: string, enum: [customs_office, border_crossing, special_customs_zone, free_zone, transit_corridor, restricted_airspace, national_border, area] } }
                - { name: lon, in: query, schema: { type: number, minimum: -180, maximum: 180 } }
                - { name: lat, in: query, schema: { type: number, minimum: -90, maximum: 90 } }
              responses:
                "200": { description: A FeatureCollection, content: { application/geo+json: {} } }
            post:
              summary: Add or replace zones from a GeoJSON Feature or FeatureCollection (RFC 7946) — zones.write
              description: |
                A zone's id is the feature's id, else properties.id, else its index. properties.kind (default area; transit_corridor
                for lines), properties.name; a corridor (LineString) needs properties.buffer_m, the metres either side of its centre
                line. Polygons across the antimeridian are split there. Features that cannot be zones are reported with their JSON
                pointers and the others stored; 422 when none could be.
              requestBody: { required: true, content: { application/geo+json: {}, application/json: {} } }
              responses:
                "200": { description: "stored (ids), added, replaced, problems [{code, field, detail}]", content: { application/json: {} } }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/zones/detect:
            post:
              summary: Fence detections for a move from one fix to the next, as Tile38 defines them — zones.read
              description: |
                For every zone the move is in, entered, left or crossed: inside (the current fix is in it), enter (the previous fix
                was not), exit (the previous fix was in it, the current is not), cross (both fixes outside, the straight path
                between them through it). Without previous, a first fix: inside only. Zones stayed outside of are left out.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [current]
                      properties:
                        previous: { type: array, items: { type: number }, minItems: 2, maxItems: 3 }
                        current: { type: array, items: { type: number }, minItems: 2, maxItems: 3 }
              responses:
                "200": { description: "zones: [{zone, kind, name, detect: [inside | outside | enter | exit | cross]}]", content: { application/json: {} } }
          /api/v1/zones/{id}:
            get:
              summary: One zone as a GeoJSON Feature — zones.read
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                "200": { description: A Feature, content: { application/geo+json: {} } }
                "404": { $ref: "#/components/responses/Problem" }
            put:
              summary: Add or replace one zone at its id from a GeoJSON Feature — zones.write
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              requestBody: { required: true, content: { application/geo+json: {} } }
              responses:
                "201": { description: The zone, new, content: { application/geo+json: {} } }
                "200": { description: The zone, replaced, content: { application/geo+json: {} } }
                "422": { $ref: "#/components/responses/Problem" }
            delete:
              summary: Remove a zone (its history stays) — zones.write
              parameters:
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                "204": { description: Removed }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/tracking/movements:
            get:
              summary: Transit movements by reference (one state; after a reference, for paging) — tracking.read
              parameters:
                - { name: state, in: query, schema: { type: string, enum: [opened, in_transit, arrived, discharged, alert, diverted] } }
                - { name: after, in: query, schema: { type: string } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000 } }
              responses:
                "200": { description: "movements: [{reference, device, departure_office, destination_office, corridor, deadline, seals, declaration, state, …}]", content: { application/json: {} } }
            post:
              summary: Open a transit movement under electronic monitoring — tracking.movements
              description: |
                Offices and corridor are zone ids (customs_office, transit_corridor). The device (IMEI or phone id) may be on one
                movement at a time until discharged; its reports are accepted from now on. declaration links the goods
                declaration whose risk the movement's alerts raise.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [reference, device, deadline]
                      properties:
                        reference: { type: string }
                        device: { type: string }
                        departure_office: { type: string }
                        destination_office: { type: string }
                        corridor: { type: string }
                        deadline: { type: string, format: date-time }
                        seals: { type: array, items: { type: string } }
                        declaration: { type: string }
              responses:
                "201": { description: The movement, opened, content: { application/json: {} } }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/tracking/movements/{reference}:
            get:
              summary: A movement and the history of its states — tracking.read
              parameters:
                - { name: reference, in: path, required: true, schema: { type: string } }
              responses:
                "200": { description: "movement, history [{from, to, reason}]", content: { application/json: {} } }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/tracking/movements/{reference}/state:
            post:
              summary: Move a movement by hand — tracking.movements
              description: |
                arrived (from opened, in_transit, alert, diverted), discharged (from arrived; its device is then released),
                diverted (from opened, in_transit, alert; with destination_office), in_transit (from alert, once dealt with).
                The rules move it themselves: in_transit when it leaves its office of departure, arrived when it reaches its
                office of destination, alert when an alert names it. Other moves are 409.
              parameters:
                - { name: reference, in: path, required: true, schema: { type: string } }
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [state]
                      properties:
                        state: { type: string, enum: [arrived, discharged, diverted, in_transit] }
                        destination_office: { type: string }
                        reason: { type: string }
              responses:
                "200": { description: The movement, content: { application/json: {} } }
                "404": { $ref: "#/components/responses/Problem" }
                "409": { $ref: "#/components/responses/Problem" }
          /api/v1/tracking/movements/{reference}/positions:
            get:
              summary: The track of a movement's device, oldest first (from its opening, or since) — tracking.read
              parameters:
                - { name: reference, in: path, required: true, schema: { type: string } }
                - { name: since, in: query, schema: { type: string, format: date-time } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 10000 } }
              responses:
                "200": { description: "positions: [{device, time, received_at, latitude, longitude, speed, bearing, altitude, accuracy, battery, source}]", content: { application/json: {} } }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/tracking/positions:
            post:
              summary: Position reports in a batch, for integrators — tracking.report
              description: |
                A JSON array of {device, time (ISO 8601 or Unix seconds), lat, lon, speed (m/s), bearing, altitude, accuracy,
                battery (percent), valid}. Each item stands alone: bad items and devices on no tracked movement are reported
                with their JSON pointers, the others stored and run through the alert rules. 422 when none was accepted.
              requestBody: { required: true, content: { application/json: {} } }
              responses:
                "200": { description: "accepted, rejected [{index, code, field, detail}], alerts", content: { application/json: {} } }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/tracking/seals:
            post:
              summary: Electronic seal events (ISO 18185) in a batch — tracking.report
              description: A JSON array of {seal, event (sealed, opened, tampered, battery_low), time}; answered as positions are.
              requestBody: { required: true, content: { application/json: {} } }
              responses:
                "200": { description: "accepted, rejected, alerts", content: { application/json: {} } }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/tracking/alerts:
            get:
              summary: Alerts, newest first (of a movement, of a kind; before an id, for paging) — tracking.read
              parameters:
                - { name: movement, in: query, schema: { type: string } }
                - { name: kind, in: query, schema: { type: string, enum: [corridor_deviation, unauthorised_stop, seal_opened, seal_tampered, late_arrival, device_silent, border_crossing, zone_enter, zone_exit, drone_border_crossing, drone_restricted_airspace] } }
                - { name: before, in: query, schema: { type: integer } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000 } }
              responses:
                "200": { description: "alerts: [{id, kind, at, device, movement, declaration, latitude, longitude, zone, detail, raised_lane, created_at}]", content: { application/json: {} } }
          /api/v1/tracking/alerts/stream:
            get:
              summary: Alerts as server-sent events, as they are stored — tracking.read
              description: |
                Each alert is `event: alert` with `id:` its id and `data:` its JSON; a comment at each tick of the tracking clock.
                With Last-Event-ID (or after), the alerts stored after that id are sent first.
              parameters:
                - { name: after, in: query, schema: { type: integer } }
                - { name: kind, in: query, schema: { type: string } }
              responses:
                "200": { description: An event stream, content: { text/event-stream: {} } }
          /api/v1/tracking/drones:
            get:
              summary: Drones seen by Remote ID in the last hours (default 24), each at its last fix — tracking.read
              parameters:
                - { name: hours, in: query, schema: { type: number, minimum: 0, maximum: 744 } }
              responses:
                "200": { description: "drones: [positions]", content: { application/json: {} } }
            post:
              summary: Remote ID fixes of drones in a batch — tracking.report
              description: |
                A JSON array of {id, time, lat, lon, altitude, operator {lat, lon}} (the operator's position from the System
                message). A drone crossing the national border or entering restricted airspace raises an alert.
              requestBody: { required: true, content: { application/json: {} } }
              responses:
                "200": { description: "accepted, rejected, alerts", content: { application/json: {} } }
          /api/v1/tracking/webhooks:
            get:
              summary: The webhooks alerts are posted to (secrets are never returned) — tracking.webhooks
              responses:
                "200": { description: "webhooks: [{id, url, kinds, active, created_at, created_by}]", content: { application/json: {} } }
            post:
              summary: Post alerts (of some kinds) to a URL — tracking.webhooks
              description: |
                Each alert is POSTed as JSON with `Portunus-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the
                secret>` and `Portunus-Delivery`; a non-2xx answer is retried with exponential backoff (5 s doubling, at most an
                hour apart, 10 attempts). Deliveries are written with the alert, so a restart loses none.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [url, secret]
                      properties:
                        url: { type: string, format: uri }
                        secret: { type: string, minLength: 16 }
                        kinds: { type: array, items: { type: string } }
              responses:
                "201": { description: The webhook, content: { application/json: {} } }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/tracking/webhooks/{id}:
            delete:
              summary: Stop a webhook; its pending deliveries are dropped — tracking.webhooks
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              responses:
                "204": { description: Stopped }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/tariff/codes:
            get:
              summary: The chapters of an HS edition (default 2022) — tariff.read
              parameters:
                - { name: edition, in: query, schema: { type: string, enum: ["2012", "2017", "2022"] } }
              responses:
                "200": { description: "children: [{edition, code, level, parent, section, description}]", content: { application/json: {} } }
          /api/v1/tariff/codes/{code}:
            get:
              summary: A chapter, heading or subheading with its ancestors and the codes under it — tariff.read
              parameters:
                - { name: code, in: path, required: true, schema: { type: string } }
                - { name: edition, in: query, schema: { type: string, enum: ["2012", "2017", "2022"] } }
              responses:
                "200": { description: "code, ancestors, children", content: { application/json: {} } }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/tariff/search:
            get:
              summary: Full-text search of an edition's texts (SQLite FTS5, Porter stemming, BM25; every word, as a prefix) — tariff.read
              parameters:
                - { name: q, in: query, required: true, schema: { type: string } }
                - { name: edition, in: query, schema: { type: string, enum: ["2012", "2017", "2022"] } }
                - { name: level, in: query, schema: { type: integer, enum: [2, 4, 6] } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 200 } }
              responses:
                "200": { description: "codes: [{edition, code, level, parent, section, description}]", content: { application/json: {} } }
          /api/v1/tariff/correlate/{code}:
            get:
              summary: What a 6-digit code of one edition corresponds to in another, with the UNSD relationship types (1:1, n:1, 1:n, n:n) — tariff.read
              parameters:
                - { name: code, in: path, required: true, schema: { type: string } }
                - { name: from, in: query, required: true, schema: { type: string, enum: ["2012", "2017", "2022"] } }
                - { name: to, in: query, schema: { type: string, enum: ["2012", "2017", "2022"] } }
              responses:
                "200": { description: "links: [{from, to, relationship, partial}]", content: { application/json: {} } }
          /api/v1/tariff/history:
            get:
              summary: The goods items lodged in a period, their HS codes converted to one edition for statistics, the ambiguous cases listed — tariff.statistics
              description: |
                Each item's code is read in the edition in force at its lodgement date and followed through the correlation
                tables: one target converts; several are ambiguous and listed with their candidates (and the UNSD conversion
                table's choice where one exists for that direction); a code in no edition is unknown.
              parameters:
                - { name: to, in: query, schema: { type: string, enum: ["2012", "2017", "2022"] } }
                - { name: from, in: query, schema: { type: string, format: date } }
                - { name: until, in: query, schema: { type: string, format: date } }
              responses:
                "200": { description: "target, items, unchanged, converted, ambiguous, unknown, before_hs2012, codes: [{edition, code, items, status, target, candidates}]", content: { application/json: {} } }
          /api/v1/tariff/classify:
            post:
              summary: Suggest HS 2022 subheadings for a goods description, each explained by the nomenclature, or abstain — tariff.classify
              description: |
                Offline: BM25 over the nomenclature and description texts (CN8 lines, confirmed classifications) fused with MiniLM-L6
                sentence embeddings computed in the server. Each candidate has its fused score, the subheading, heading and chapter
                texts, the matched stems, the closest description line with its similarity, and each signal's z-score. When the
                description is not English, shares no word with the texts, or the best score is under the threshold, `abstained` is
                true, `reason` says why, and the would-be candidates are in `tentative`. 503 with Retry-After while the first index
                is being built.
              requestBody:
                required: true
                content:
                  application/json: { schema: { type: object, required: [text], properties: { text: { type: string, maxLength: 2000 }, top: { type: integer, minimum: 1, maximum: 50 } } } }
              responses:
                "200": { description: "candidates, abstained, reason, confidence (high, medium, none), tentative, recognisedTerms, unknownTerms, addedWording (the customs lexicon's nomenclature wording)", content: { application/json: {} } }
                "422": { $ref: "#/components/responses/Problem" }
                "503": { $ref: "#/components/responses/Problem" }
          /api/v1/tariff/assistant:
            get:
              summary: The classification assistant's state — its index (subheadings, lines, confirmed examples, texts encoded and cached), model, thresholds — tariff.read
              responses:
                "200": { description: "ready, index, modelDirectory, modelInstalled, blasCore, minimumScore, singleGap", content: { application/json: {} } }
          /api/v1/tariff/classifications:
            post:
              summary: Record a classification an officer confirmed or a binding ruling; the assistant learns it as an example of the code — tariff.confirm
              requestBody:
                required: true
                content:
                  application/json: { schema: { type: object, required: [text, code], properties: { text: { type: string }, code: { type: string, description: an HS 2022 subheading }, source: { type: string, enum: [officer, ruling] }, reference: { type: string }, declarationId: { type: string } } } }
              responses:
                "201": { description: "id, edition, code, text, source, reference, declarationID, confirmedBy, confirmedAt", content: { application/json: {} } }
                "422": { $ref: "#/components/responses/Problem" }
            get:
              summary: The confirmed classifications, newest first — tariff.confirm
              parameters:
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000 } }
                - { name: withdrawn, in: query, schema: { type: boolean } }
              responses:
                "200": { description: "classifications: [...]", content: { application/json: {} } }
          /api/v1/tariff/classifications/{id}:
            delete:
              summary: Withdraw a confirmed classification (kept on record, no longer taught) — tariff.confirm
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              responses:
                "204": { description: withdrawn }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/documents/mrz:
            post:
              summary: Read and check an ICAO 9303 machine-readable zone (TD1, TD2, TD3, MRV-A, MRV-B) — documents.check
              description: |
                Every field, every check digit (document_number, date_of_birth, expiry_date, optional_data, composite), ICAO country
                codes, OCR repairs by character class (a letter in a digits-only field; each reported in `repairs`), `suggestions`
                (a look-alike substitution in the document number or personal number that would make its failing check digit hold,
                with the field's `reading`: not applied, since the check digit alone cannot tell noise from a wrong document, so
                `valid` stays false), `valid`, and `not_protected` (fields no check digit covers). Nothing is stored.
              requestBody:
                required: true
                content:
                  application/json: { schema: { type: object, required: [lines], properties: { lines: { type: array, items: { type: string } } } } }
                  text/plain: { schema: { type: string, description: the lines, one per line } }
              responses:
                "200": { description: The zone as read, content: { application/json: {} } }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/documents/chip:
            post:
              summary: Passive authentication of an ePassport's chip data against the server's CSCAs (data directory reference/csca/) — documents.check
              description: |
                Body {sod, data_groups: [...], document_signer?}, each base64 of the raw file. Checks: sod.format, sod.content_digest,
                sod.signature, dgN.hash per data group, ds.chain (fails closed without a CSCA), ds.validity (reported, not held against
                the document). Nothing is stored.
              requestBody: { required: true, content: { application/json: { schema: { type: object, required: [sod, data_groups] } } } }
              responses:
                "200": { description: "valid, checks [{name, passed, detail}], digest and signature algorithms, signer, data-group hashes", content: { application/json: {} } }
          /api/v1/assessments:
            post:
              summary: Assess the declarations lodged on a day, per office, under the inspection budget — risk.assess
              description: Percentages are percentages (budget=10 inspects 10 % of each office's declarations that day).
              parameters:
                - { name: day, in: query, required: true, schema: { type: string, format: date } }
                - { name: office, in: query, schema: { type: string } }
                - { name: budget, in: query, schema: { type: number, default: 10 } }
                - { name: budget_count, in: query, schema: { type: integer } }
                - { name: exploration, in: query, schema: { type: number, default: 10 } }
                - { name: seed, in: query, schema: { type: integer, default: 0 } }
              responses:
                "200": { description: Counts per lane, content: { application/json: {} } }
          /api/v1/worklist:
            get:
              summary: Assessed declarations by lane in force, riskiest first — risk.worklist
              parameters:
                - { name: office, in: query, schema: { type: string } }
                - { name: lane, in: query, schema: { enum: [red, yellow, blue, green] } }
                - { name: day, in: query, schema: { type: string, format: date } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 500, default: 100 } }
              responses:
                "200": { description: Worklist, content: { application/json: {} } }
          /api/v1/models:
            get:
              summary: Risk models with their validation metrics — risk.models
              responses:
                "200": { description: Models, content: { application/json: {} } }
          /api/v1/models/rollback:
            post:
              summary: Return to the previously active model — risk.models
              responses:
                "200": { description: The active model, content: { application/json: {} } }
          /api/v1/models/{id}/activate:
            post:
              summary: Make a model the active one — risk.models
              parameters:
                - { name: id, in: path, required: true, schema: { type: integer } }
              responses:
                "204": { description: Activated }
                "404": { $ref: "#/components/responses/Problem" }
          /api/v1/rule-sets:
            get:
              summary: Rule set versions (YAML, author, active) — risk.rules
              responses:
                "200": { description: Versions, content: { application/json: {} } }
            post:
              summary: Store a rule set (YAML body) as a new version; refused with line, rule and field when invalid — risk.rules
              parameters:
                - { name: note, in: query, schema: { type: string } }
                - { name: activate, in: query, schema: { type: boolean } }
              requestBody: { content: { application/yaml: {} } }
              responses:
                "201": { description: Stored, content: { application/json: {} } }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/rule-sets/validate:
            post:
              summary: Check a rule set without storing it — risk.rules
              requestBody: { content: { application/yaml: {} } }
              responses:
                "200": { description: Valid, content: { application/json: {} } }
                "422": { $ref: "#/components/responses/Problem" }
          /api/v1/rule-sets/{version}/activate:
            post:
              summary: Make a stored version the active rule set — risk.rules
              parameters:
                - { name: version, in: path, required: true, schema: { type: integer } }
              responses:
                "204": { description: Activated }
                "404": { $ref: "#/components/responses/Problem" }
        components:
          securitySchemes:
            apiKey: { type: http, scheme: bearer }
          responses:
            Problem:
              description: RFC 9457 problem document
              content:
                application/problem+json:
                  schema: { $ref: "#/components/schemas/Problem" }
          schemas:
            Certificate:
              type: object
              properties:
                id: { type: string }
                kind: { type: string, enum: [aeo, origin] }
                status: { type: string }
                holder: { type: string }
                issued_at: { type: string }
                updated_at: { type: string }
                document: { type: object }
                document_sha256: { type: string }
                events:
                  type: array
                  items: { type: object, properties: { status: { type: string }, at: { type: string }, by: { type: string }, reason: { type: string }, ledger_index: { type: integer } } }
            Sample:
              type: object
              properties:
                id: { type: string }
                declaration: { type: string }
                description: { type: string }
                state: { type: string, enum: [taken, sealed, received, tested, result] }
                created_at: { type: string }
                events:
                  type: array
                  items: { type: object, properties: { event: { type: string }, at: { type: string }, by: { type: string }, details: { type: object }, ledger_index: { type: integer } } }
            Decimal:
              description: An exact decimal, as a string ("372254.4") or a JSON number; four fraction digits are kept.
              oneOf: [{ type: string, pattern: "^[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?$" }, { type: number }]
            Money:
              type: object
              required: [amount, currency]
              additionalProperties: false
              properties:
                amount: { $ref: "#/components/schemas/Decimal" }
                currency: { type: string, description: ISO 4217 code, pattern: "^[A-Za-z]{3}$" }
            GoodsItem:
              type: object
              required: [hsCode, countryOfOrigin, countryOfDeparture, netMass, customsValue, dutyRate, taxType]
              additionalProperties: false
              properties:
                sequence: { type: integer, minimum: 1 }
                hsCode: { type: string, description: 6, 8 or 10 digits, chapter 01–97 }
                countryOfOrigin: { type: string, description: ISO 3166-1 alpha-2 }
                countryOfDeparture: { type: string, description: ISO 3166-1 alpha-2 }
                originMarking: { type: string }
                netMass: { $ref: "#/components/schemas/Decimal" }
                customsValue: { $ref: "#/components/schemas/Money" }
                dutyRate: { $ref: "#/components/schemas/Decimal" }
                taxType: { type: string }
            Declaration:
              type: object
              required: [id, lodgedAt, office, procedure, parties, items]
              additionalProperties: false
              properties:
                id: { type: string, maxLength: 64 }
                lodgedAt: { type: string, description: ISO 8601 date or date-time with zone }
                office: { type: string }
                procedure:
                  type: object
                  required: [processType, importType, importUse, paymentType, modeOfTransport]
                  additionalProperties: false
                  properties:
                    processType: { type: string }
                    importType: { type: string }
                    importUse: { type: string }
                    paymentType: { type: string }
                    modeOfTransport: { type: string }
                parties:
                  type: object
                  required: [declarant, importer]
                  additionalProperties: false
                  properties:
                    declarant: { type: string }
                    importer: { type: string }
                    seller: { type: string }
                    carrier: { type: string }
                items: { type: array, minItems: 1, items: { $ref: "#/components/schemas/GoodsItem" } }
                timeline:
                  type: object
                  additionalProperties: false
                  properties:
                    lodged: { type: string }
                    assessed: { type: string }
                    inspected: { type: string }
                    released: { type: string }
                outcome:
                  type: object
                  additionalProperties: false
                  properties:
                    result: { type: string, enum: [no_irregularity, irregularity] }
                    fraud: { type: boolean }
                    critical: { type: boolean }
                    revenueRecovered: { $ref: "#/components/schemas/Money" }
            ProblemItem:
              type: object
              required: [code, detail]
              properties:
                code: { type: string }
                detail: { type: string }
                pointer: { type: string }
                line: { type: integer }
                column: { type: integer }
                byteOffset: { type: integer, description: offset of a JSON syntax error within the document (the line, for NDJSON) }
            Problem:
              type: object
              required: [type, title, status, detail, code]
              properties:
                type: { type: string }
                title: { type: string }
                status: { type: integer }
                detail: { type: string }
                code: { type: string }
                pointer: { type: string }
                errors: { type: array, items: { $ref: "#/components/schemas/ProblemItem" } }
            Lodged:
              type: object
              required: [id, status]
              properties:
                id: { type: string }
                reference: { type: string, description: "a trader's own reference (the id it sent), unique per party; id is then assigned by Portunus" }
                status: { type: string, enum: [accepted, already_present] }
                warnings: { type: array, items: { $ref: "#/components/schemas/ProblemItem" } }
                assessment: { $ref: "#/components/schemas/LodgementAssessment" }
            LodgementAssessment:
              description: >-
                What the caller may see of the assessment of what it lodged: the whole of it (score,
                lane, selection, rule_hits, explanation, reasons, model and rule set) for risk.read;
                the id and lane alone for a trader when the policy gives traders their lane
                (laneToTraders); absent otherwise. Never a score, rule, reason or factor for a trader.
              type: object
              required: [id, lane]
              properties:
                id: { type: string }
                lane: { type: string, enum: [red, yellow, blue, green] }
            BatchResult:
              type: object
              required: [accepted, alreadyPresent, rejected, results]
              properties:
                accepted: { type: integer }
                alreadyPresent: { type: integer }
                rejected: { type: integer }
                results:
                  type: array
                  items:
                    type: object
                    required: [record, status]
                    properties:
                      record: { type: integer, description: line of the NDJSON body }
                      id: { type: string }
                      reference: { type: string }
                      status: { type: string, enum: [accepted, already_present, rejected] }
                      problems: { type: array, items: { $ref: "#/components/schemas/ProblemItem" } }
                      warnings: { type: array, items: { $ref: "#/components/schemas/ProblemItem" } }
                      assessment: { $ref: "#/components/schemas/LodgementAssessment" }
        """#
}
