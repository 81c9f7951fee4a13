// Package whop is a typed Go client for the Whop REST API
// (https://api.whop.com/api/v1), for backend services that sell through
// Whop: products, plans and promo codes, payments and refunds, checkout
// configurations, stored payment methods, memberships and access checks,
// disputes, invoices, company token balances, webhook endpoints and
// wallet-session tokens. It also verifies Whop's webhooks inside an
// existing net/http server, and its whoptest package is an in-memory fake
// of the API for offline tests.
//
// # The client
//
// Create one Client per API key and share it: it is safe for concurrent
// use, and it pools its connections.
//
//	client, err := whop.NewClient(whop.WithAPIKey(key))
//
// NewClient reads WHOP_API_KEY, WHOP_BASE_URL and WHOP_APP_ID when the
// matching option is not given; WithoutEnvironment turns that off. Options
// check their input, and NewClient returns the first error. A plain-http
// base URL is refused unless it points at the loopback interface, so the
// API key never crosses a network in clear text.
//
// The client's fields are the API's services (client.Payments,
// client.Memberships, ...). Every method takes a context first, then the
// IDs in its path, then a params pointer, and last any per-call options
// (WithIdempotencyKey, WithHeader, WithRequestTimeout). Each method's
// documentation names the HTTP method and path it calls.
//
// Fields that a PATCH can set, clear or leave alone are Nullable values:
// Value(x) sets, Null[T]() clears, and the zero value leaves the field as
// it is. Optional create fields are pointers, made with Ptr.
//
// # Errors
//
// An answer that is not 2xx is an *APIError holding the status, Whop's
// error type, code, parameter and message, and the request ID. Match its
// status class with errors.Is and the sentinels ErrBadRequest,
// ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict,
// ErrUnprocessable, ErrRateLimited and ErrServer.
//
// Input the client refuses before sending anything is a *ParamError, which
// names the field and matches ErrInvalidParams. A 2xx answer whose body
// does not decode into the result, or describes an object without an ID,
// is a *DecodeError: the client never returns a zero-value result as if it
// were real. A failed call that carried an idempotency key (every POST) is
// wrapped in an *IdempotencyKeyError that gives the key back, so the call
// can be repeated safely. Network and context errors are wrapped with %w, so
// errors.Is(err, context.DeadlineExceeded) works.
//
// The API key and webhook secrets never appear in errors, logs or the
// printed form of any value.
//
// # Pagination
//
// List returns one *Page with its PageInfo cursors. ListAll returns an
// iter.Seq2 that fetches pages lazily as a range loop advances; breaking
// out of the loop stops fetching. A repeated cursor, a page that claims
// more but gives no cursor, or a run of empty pages that claim more ends
// the walk with an error matching ErrPagination instead of looping or
// silently dropping a page. Start with ListParams.Last or Before to walk
// backwards. WithTimeout and WithRequestTimeout apply to each page's
// request; bound a whole walk with the context given to ListAll.
//
// # Retries and idempotency
//
// Every POST carries an Idempotency-Key header: the caller's
// (WithIdempotencyKey) or a UUIDv4 generated for the call, the same on
// every attempt, so Whop applies it at most once. Every call, POST
// included, is then retried on connection errors, 408, 429 and 5xx other
// than 501, with exponential back-off and the server's Retry-After
// honoured up to a cap; a 409 to a POST (its key still in flight) is
// retried like a 429. A 2xx answer is final: no header can make the client
// send a request again after one. A POST that fails is an
// *IdempotencyKeyError holding its key: repeating the call with
// WithIdempotencyKey(key) and the same arguments is safe.
//
// # Response metadata and middleware
//
// WithResponseInto fills a *Response with the status, headers, request ID,
// attempts and idempotency key of a call's answer; an *APIError also
// carries the headers and RetryAfter. WithCallMiddleware wraps each call
// and WithMiddleware each attempt, with the route template
// ("/payments/{id}/refund"), for tracing spans or metrics by route.
//
// # API version
//
// The types model Whop's original, unversioned API (the 2025-01-01
// behaviour), which Whop serves to requests without an Api-Version-Date
// header; the client sends none. Setting that header with WithHeader may
// make answers no longer match the types (newer versions rename fields,
// such as company_id to account_id).
//
// # Webhooks
//
// NewWebhookVerifier takes the endpoint's secret as Whop shows it (ws_...)
// or in the Standard Webhooks form (whsec_...); surrounding whitespace is
// trimmed. Verify checks the webhook-id, webhook-timestamp and
// webhook-signature headers; Unwrap also decodes the envelope into a
// *WebhookEvent, whose typed accessors (Payment, Membership, Refund,
// Dispute, Invoice) decode its data. NewWebhookHandler wraps verification,
// decoding and de-duplication of redeliveries into an http.Handler; the
// WebhookDeduper interface lets several replicas share one store.
//
// # Wallet tokens
//
// NewWalletTokenHandler serves short-lived access tokens for Whop's browser
// wallet. By default a token carries all of the API key's permissions for
// the company, so only the company's own staff should be admitted; narrow
// each token with WithWalletTokenParams.
//
// # Testing
//
// Package whoptest runs an in-memory fake of the API on a loopback
// httptest server. It models lifecycles (a payment that creates a
// membership, a cancellation at the end of a period, an invoice that is
// paid or voided), refuses what the API refuses with the API's error
// shape, injects faults, and sends signed webhooks to your handler:
//
//	srv := whoptest.NewServer(t)
//	client := srv.Client()
package whop
