package whop

import (
	"context"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// WebhookEndpointsService manages a company's webhook endpoints: the URLs
// Whop delivers events to. Verifying the deliveries is WebhookVerifier's
// job; CreatedWebhookEndpoint.Verifier connects the two.
type WebhookEndpointsService service

// WebhookAPIVersion is the payload format an endpoint receives.
type WebhookAPIVersion string

// Values of WebhookAPIVersion.
const (
	WebhookAPIVersionV1 WebhookAPIVersion = "v1"
	WebhookAPIVersionV2 WebhookAPIVersion = "v2"
	WebhookAPIVersionV5 WebhookAPIVersion = "v5"
)

// WebhookEndpoint is a URL that receives a company's webhook events. List
// leaves ResourceID and TestableEvents out.
type WebhookEndpoint struct {
	ID         string            `json:"id"`
	URL        string            `json:"url"`
	Enabled    bool              `json:"enabled"`
	APIVersion WebhookAPIVersion `json:"api_version"`
	// Events are the event types the endpoint is subscribed to.
	Events []WebhookEventType `json:"events"`
	// ChildResourceEvents, on a company's endpoint, sends the events of
	// its sub-merchants (child companies) instead of its own.
	ChildResourceEvents bool      `json:"child_resource_events"`
	CreatedAt           time.Time `json:"created_at"`
	// ResourceID is the company or product the endpoint belongs to.
	ResourceID string `json:"resource_id,omitempty"`
	// TestableEvents are the subscribed types Whop can send test
	// payloads of.
	TestableEvents []WebhookEventType `json:"testable_events,omitempty"`
}

func (x *WebhookEndpoint) identity() (field, value string) { return "id", x.ID }

// CreatedWebhookEndpoint is the answer to Create: the endpoint and the
// secret its deliveries are signed with. The API shows the secret only
// here, so keep it (in a secret store) or build a verifier with Verifier
// right away. String, GoString and LogValue leave it out.
type CreatedWebhookEndpoint struct {
	WebhookEndpoint
	WebhookSecret string `json:"webhook_secret"`
}

// Verifier returns a WebhookVerifier for the endpoint's secret, ready to
// check its deliveries.
func (e *CreatedWebhookEndpoint) Verifier(opts ...WebhookOption) (*WebhookVerifier, error) {
	return NewWebhookVerifier(e.WebhookSecret, opts...)
}

// String describes the endpoint without revealing its secret.
func (e CreatedWebhookEndpoint) String() string {
	var b strings.Builder
	b.WriteString("whop.CreatedWebhookEndpoint{ID: ")
	b.WriteString(strconv.Quote(e.ID))
	b.WriteString(", URL: ")
	b.WriteString(strconv.Quote(e.URL))
	b.WriteString(", Enabled: ")
	b.WriteString(strconv.FormatBool(e.Enabled))
	b.WriteString(", Events: [")
	for i, ev := range e.Events {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(string(ev))
	}
	b.WriteString("], WebhookSecret: [REDACTED]}")
	return b.String()
}

// GoString is String, so %#v does not reveal the secret either.
func (e CreatedWebhookEndpoint) GoString() string { return e.String() }

// Format prints String for every verb, so that no verb (%d and %x
// included) falls through to the fields and prints the secret.
func (e CreatedWebhookEndpoint) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, e.String()) }

// LogValue keeps the secret out of structured logs.
func (e CreatedWebhookEndpoint) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", e.ID),
		slog.String("url", e.URL),
		slog.Bool("enabled", e.Enabled),
		slog.String("webhook_secret", "[REDACTED]"),
	)
}

// WebhookEndpointListParams filters GET /webhooks. CompanyID is required.
type WebhookEndpointListParams struct {
	ListParams
	CompanyID string `url:"company_id"`
}

func (p *WebhookEndpointListParams) validate() error {
	if p == nil {
		return paramErr("company_id", "is required")
	}
	if err := requireString("company_id", p.CompanyID); err != nil {
		return err
	}
	return p.ListParams.validate()
}

// WebhookEndpointCreateParams is the body of POST /webhooks. URL is
// required; nil fields are left out for the API's defaults.
type WebhookEndpointCreateParams struct {
	URL string `json:"url"`
	// ResourceID is the company or product to attach the endpoint to; the
	// API key's company when nil.
	ResourceID          *string            `json:"resource_id,omitempty"`
	APIVersion          *WebhookAPIVersion `json:"api_version,omitempty"`
	Enabled             *bool              `json:"enabled,omitempty"`
	Events              []WebhookEventType `json:"events,omitempty"`
	ChildResourceEvents *bool              `json:"child_resource_events,omitempty"`
}

func (p *WebhookEndpointCreateParams) validate() error {
	if p == nil {
		return paramErr("url", "is required")
	}
	if err := requireString("url", p.URL); err != nil {
		return err
	}
	return validateEventTypes(p.Events)
}

func validateEventTypes(events []WebhookEventType) error {
	for i, ev := range events {
		if err := requireString("events["+itoa(i)+"]", string(ev)); err != nil {
			return err
		}
	}
	return nil
}

// WebhookEndpointUpdateParams is the body of PATCH /webhooks/{id}. Every
// field is a Nullable: leave it nil to keep the current value, Value(v) to
// change it, Null[T]() to send null.
type WebhookEndpointUpdateParams struct {
	URL                 Nullable[string]             `json:"url,omitempty"`
	APIVersion          Nullable[WebhookAPIVersion]  `json:"api_version,omitempty"`
	Enabled             Nullable[bool]               `json:"enabled,omitempty"`
	Events              Nullable[[]WebhookEventType] `json:"events,omitempty"`
	ChildResourceEvents Nullable[bool]               `json:"child_resource_events,omitempty"`
}

func (p *WebhookEndpointUpdateParams) validate() error {
	if p == nil {
		return nil
	}
	if u, ok := p.URL.Get(); ok {
		if err := requireString("url", u); err != nil {
			return err
		}
	}
	if p.URL.IsNull() {
		return paramErr("url", "cannot be cleared")
	}
	if evs, ok := p.Events.Get(); ok {
		return validateEventTypes(evs)
	}
	return nil
}

// List returns one page of a company's webhook endpoints, newest first.
//
// GET /webhooks
func (s *WebhookEndpointsService) List(ctx context.Context, params *WebhookEndpointListParams, opts ...RequestOption) (*Page[WebhookEndpoint], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[WebhookEndpoint]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/webhooks", query: params}, opts)
}

// ListAll iterates over every webhook endpoint of a company, fetching
// pages as the loop advances. params is not modified.
//
// GET /webhooks
func (s *WebhookEndpointsService) ListAll(ctx context.Context, params *WebhookEndpointListParams, opts ...RequestOption) iter.Seq2[WebhookEndpoint, error] {
	return iterate(ctx, params, func(ctx context.Context, p *WebhookEndpointListParams) (*Page[WebhookEndpoint], error) {
		return s.List(ctx, p, opts...)
	})
}

// Create adds a webhook endpoint. The answer carries the endpoint's
// signing secret, which no other call returns: pass it to
// NewWebhookVerifier, or call Verifier on the result.
//
// POST /webhooks
func (s *WebhookEndpointsService) Create(ctx context.Context, params *WebhookEndpointCreateParams, opts ...RequestOption) (*CreatedWebhookEndpoint, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	// A body that does not decode is quoted in the *DecodeError with its
	// webhook_secret blanked out (see redactCredentials).
	return call[CreatedWebhookEndpoint](ctx, s.client, apiRequest{method: http.MethodPost, path: "/webhooks", body: params}, opts)
}

// Get retrieves a webhook endpoint (without its secret).
//
// GET /webhooks/{id}
func (s *WebhookEndpointsService) Get(ctx context.Context, id string, opts ...RequestOption) (*WebhookEndpoint, error) {
	return call[WebhookEndpoint](ctx, s.client, apiRequest{method: http.MethodGet, path: "/webhooks/{id}", id: id}, opts)
}

// Update changes the fields of a webhook endpoint that params sets, for
// example Enabled to pause deliveries.
//
// PATCH /webhooks/{id}
func (s *WebhookEndpointsService) Update(ctx context.Context, id string, params *WebhookEndpointUpdateParams, opts ...RequestOption) (*WebhookEndpoint, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	if params == nil {
		params = &WebhookEndpointUpdateParams{}
	}
	return call[WebhookEndpoint](ctx, s.client, apiRequest{method: http.MethodPatch, path: "/webhooks/{id}", id: id, body: params}, opts)
}

// Delete deletes a webhook endpoint; Whop stops delivering to it. It
// returns nil once the API confirms with its bare true; a false answer is
// reported as an error.
//
// DELETE /webhooks/{id}
func (s *WebhookEndpointsService) Delete(ctx context.Context, id string, opts ...RequestOption) error {
	return confirm(ctx, s.client, apiRequest{method: http.MethodDelete, path: "/webhooks/{id}", id: id}, opts)
}
