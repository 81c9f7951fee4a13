package whop

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// UsersService reads and edits Whop user profiles, and answers whether a
// user has access to a company, product or experience.
type UsersService service

// User is a Whop user's public profile. List and Get return the same
// shape.
type User struct {
	ID       string  `json:"id"`
	Username string  `json:"username"`
	Name     *string `json:"name"`
	Bio      *string `json:"bio"`
	// ProfilePicture is nil for a user still on a legacy picture.
	ProfilePicture *ProfilePicture `json:"profile_picture"`
	CreatedAt      time.Time       `json:"created_at"`
}

// ProfilePicture is a user's profile picture.
type ProfilePicture struct {
	// URL is an optimised image URL for display.
	URL *string `json:"url"`
}

// UserAccess is the answer of CheckAccess.
type UserAccess struct {
	// HasAccess reports whether the user may use the resource.
	HasAccess bool `json:"has_access"`
	// AccessLevel says how: as a customer, as an admin, or not at all.
	AccessLevel AccessLevel `json:"access_level"`
}

// UserListParams filters GET /users.
type UserListParams struct {
	ListParams
	// Query searches names and usernames.
	Query string `url:"query,omitempty"`
}

func (p *UserListParams) validate() error {
	if p == nil {
		return nil
	}
	return p.ListParams.validate()
}

// UserGetParams is the query of GET /users/{id}.
type UserGetParams struct {
	// CompanyID returns the profile the user shows in that company (its
	// name and picture overrides) instead of the global one.
	CompanyID string `url:"company_id,omitempty"`
}

// UserUpdateParams is the body of PATCH /users/{id}. The Nullable fields
// are left alone when nil, changed by Value(v) and cleared by Null[T]().
type UserUpdateParams struct {
	// CompanyID, when set, edits the user's overrides for that company
	// instead of the global profile.
	CompanyID      string            `json:"company_id,omitempty"`
	Bio            Nullable[string]  `json:"bio,omitempty"`
	Name           Nullable[string]  `json:"name,omitempty"`
	Username       Nullable[string]  `json:"username,omitempty"`
	ProfilePicture Nullable[FileRef] `json:"profile_picture,omitempty"`
}

func (p *UserUpdateParams) validate() error {
	if p == nil {
		return nil
	}
	if p.Username.IsNull() {
		return paramErr("username", "cannot be cleared")
	}
	if v, ok := p.Username.Get(); ok {
		if err := requireString("username", v); err != nil {
			return err
		}
	}
	if f, ok := p.ProfilePicture.Get(); ok {
		if err := requireString("profile_picture.id", f.ID); err != nil {
			return err
		}
	}
	return nil
}

// List searches users by name or username.
//
// GET /users
func (s *UsersService) List(ctx context.Context, params *UserListParams, opts ...RequestOption) (*Page[User], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[User]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/users", query: params}, opts)
}

// ListAll iterates over every user matching params, fetching pages as the
// loop advances. params is not modified.
//
// GET /users
func (s *UsersService) ListAll(ctx context.Context, params *UserListParams, opts ...RequestOption) iter.Seq2[User, error] {
	return iterate(ctx, params, func(ctx context.Context, p *UserListParams) (*Page[User], error) {
		return s.List(ctx, p, opts...)
	})
}

// Get retrieves a user's profile; params may be nil.
//
// GET /users/{id}
func (s *UsersService) Get(ctx context.Context, id string, params *UserGetParams, opts ...RequestOption) (*User, error) {
	return call[User](ctx, s.client, apiRequest{method: http.MethodGet, path: "/users/{id}", id: id, query: params}, opts)
}

// Update edits a user's profile, or their overrides in one company.
//
// PATCH /users/{id}
func (s *UsersService) Update(ctx context.Context, id string, params *UserUpdateParams, opts ...RequestOption) (*User, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	if params == nil {
		params = &UserUpdateParams{}
	}
	return call[User](ctx, s.client, apiRequest{method: http.MethodPatch, path: "/users/{id}", id: id, body: params}, opts)
}

// CheckAccess reports whether a user (by ID or username) has access to a
// resource: a company (biz_...), a product (prod_...) or an experience
// (exp_...), and at which level.
//
// GET /users/{id}/access/{resource_id}
func (s *UsersService) CheckAccess(ctx context.Context, userID, resourceID string, opts ...RequestOption) (*UserAccess, error) {
	return call[UserAccess](ctx, s.client, apiRequest{method: http.MethodGet, path: "/users/{id}/access/{resource_id}",
		id: userID, pathIDs: []pathID{{"resource_id", resourceID}}}, opts)
}

func (x *User) identity() (field, value string) { return "id", x.ID }
