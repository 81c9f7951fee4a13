package whoptest

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/gowhop/whop"
)

// webhookEndpointRec is an endpoint created with POST /webhooks, with the
// secret its deliveries would be signed with.
type webhookEndpointRec struct {
	ep      whop.WebhookEndpoint
	secret  string
	company string
	seq     int64
}

func (s *Server) webhookEndpointRoutes() {
	s.handle("GET "+BasePath+"/webhooks", s.listWebhookEndpoints)
	s.handle("POST "+BasePath+"/webhooks", s.createWebhookEndpoint)
	s.handle("GET "+BasePath+"/webhooks/{id}", s.getWebhookEndpoint)
	s.handle("PATCH "+BasePath+"/webhooks/{id}", s.updateWebhookEndpoint)
	s.handle("DELETE "+BasePath+"/webhooks/{id}", s.deleteWebhookEndpoint)
}

// WebhookEndpointSecret returns the signing secret of an endpoint created
// through the API, as the create call answered it. Pass it with the
// endpoint's URL to SendWebhooksTo to have the server deliver signed
// events there, for example when code under test created the endpoint.
func (s *Server) WebhookEndpointSecret(id string) (secret string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.state.webhookEndpoints[id]
	if !ok {
		return "", false
	}
	return rec.secret, true
}

func validWebhookURL(param, raw string) error {
	if raw == "" {
		return missingParam(param)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return badParam(param, param+" must be an absolute http(s) URL")
	}
	return nil
}

func (s *Server) createWebhookEndpoint(r *http.Request) (any, error) {
	var in whop.WebhookEndpointCreateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	if err := validWebhookURL("url", in.URL); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	company := DefaultCompanyID
	resource := company
	if in.ResourceID != nil {
		resource = *in.ResourceID
		if co, ok := s.state.companies[resource]; ok {
			company = co.ID
		} else if p, ok := s.state.products[resource]; ok {
			company = p.p.Company.ID
		} else {
			return nil, notFound("resource", resource)
		}
	}
	ep := whop.WebhookEndpoint{
		ID: s.newID("hook"), URL: in.URL, Enabled: true, APIVersion: whop.WebhookAPIVersionV1,
		Events: append([]whop.WebhookEventType{}, in.Events...), CreatedAt: s.now().UTC(), ResourceID: resource,
	}
	if in.Enabled != nil {
		ep.Enabled = *in.Enabled
	}
	if in.APIVersion != nil {
		ep.APIVersion = *in.APIVersion
	}
	if in.ChildResourceEvents != nil {
		ep.ChildResourceEvents = *in.ChildResourceEvents
	}
	ep.TestableEvents = append([]whop.WebhookEventType{}, ep.Events...)
	s.seq++
	rec := &webhookEndpointRec{ep: ep, secret: "ws_" + randomHex(24), company: company, seq: s.seq}
	s.state.webhookEndpoints[ep.ID] = rec
	return whop.CreatedWebhookEndpoint{WebhookEndpoint: ep, WebhookSecret: rec.secret}, nil
}

func (s *Server) webhookEndpointLocked(id string) (*webhookEndpointRec, error) {
	return lookup(s.state.webhookEndpoints, "webhook", id)
}

func (s *Server) getWebhookEndpoint(r *http.Request) (any, error) {
	return getByID(s, r, s.webhookEndpointLocked, func(rec *webhookEndpointRec) any { return rec.ep })
}

func (s *Server) listWebhookEndpoints(r *http.Request) (any, error) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	co, err := s.companyLocked("company_id", q.Get("company_id"))
	if err != nil {
		return nil, err
	}
	var items []*webhookEndpointRec
	for _, rec := range s.state.webhookEndpoints {
		if rec.company == co.ID {
			items = append(items, rec)
		}
	}
	q.Del("direction") // newest first, always
	return listPage(items, q, func(rec *webhookEndpointRec) (whop.WebhookEndpoint, error) {
		ep := rec.ep
		ep.ResourceID, ep.TestableEvents = "", nil // the API's list item has neither
		return ep, nil
	})
}

func (s *Server) updateWebhookEndpoint(r *http.Request) (any, error) {
	var in whop.WebhookEndpointUpdateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	if u, ok := in.URL.Get(); ok {
		if err := validWebhookURL("url", u); err != nil {
			return nil, err
		}
	} else if in.URL.IsNull() {
		return nil, badParam("url", "url cannot be cleared")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.webhookEndpointLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	ep := &rec.ep
	setValue(&ep.URL, in.URL)
	setValue(&ep.Enabled, in.Enabled)
	setValue(&ep.APIVersion, in.APIVersion)
	setValue(&ep.ChildResourceEvents, in.ChildResourceEvents)
	if v, ok := in.Events.Get(); ok {
		ep.Events = append([]whop.WebhookEventType{}, v...)
		ep.TestableEvents = slices.Clone(ep.Events)
	}
	return *ep, nil
}

func (s *Server) deleteWebhookEndpoint(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.webhookEndpointLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	delete(s.state.webhookEndpoints, rec.ep.ID)
	return true, nil
}

func (r *webhookEndpointRec) created() time.Time { return r.ep.CreatedAt }
func (r *webhookEndpointRec) order() int64       { return r.seq }
