package whoptest

import (
	"net/http"
	"strings"
	"time"

	"github.com/gowhop/whop"
)

// ownerUserID is the user who owns the products the fake creates; it is
// their admin.
const ownerUserID = "user_owner00000001"

// userRec is a Whop user the fake knows; SeedMember creates one per
// member.
type userRec struct {
	u   whop.User
	seq int64
}

func (r *userRec) created() time.Time { return r.u.CreatedAt }
func (r *userRec) order() int64       { return r.seq }

func (s *Server) userRoutes() {
	s.handle("GET "+BasePath+"/users", s.listUsers)
	s.handle("GET "+BasePath+"/users/{id}", s.getUser)
	s.handle("PATCH "+BasePath+"/users/{id}", s.updateUser)
	s.handle("GET "+BasePath+"/users/{id}/access/{resource_id}", s.checkAccess)
}

// addUserLocked stores a new user; name may be nil.
func (s *Server) addUserLocked(id, username string, name *string, created time.Time) {
	s.seq++
	s.state.users[id] = &userRec{seq: s.seq, u: whop.User{ID: id, Username: username, Name: name, CreatedAt: created}}
}

// userLocked finds a user by ID or by username.
func (s *Server) userLocked(idOrName string) (*userRec, error) {
	if u, ok := s.state.users[idOrName]; ok {
		return u, nil
	}
	// Seeded members may share a username: the oldest wins, every time.
	var found *userRec
	for _, u := range s.state.users {
		if u.u.Username == idOrName && (found == nil || u.seq < found.seq) {
			found = u
		}
	}
	if found == nil {
		return nil, notFound("user", idOrName)
	}
	return found, nil
}

func (s *Server) getUser(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id := r.URL.Query().Get("company_id"); id != "" {
		if _, err := s.companyLocked("company_id", id); err != nil {
			return nil, err
		}
	}
	u, err := s.userLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return u.u, nil
}

// updateUser edits the profile. whoptest keeps one profile per user: an
// update for a company_id edits it too, after checking the company.
func (s *Server) updateUser(r *http.Request) (any, error) {
	var in whop.UserUpdateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if in.CompanyID != "" {
		if _, err := s.companyLocked("company_id", in.CompanyID); err != nil {
			return nil, err
		}
	}
	u, err := s.userLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if in.Username.IsNull() {
		return nil, badParam("username", "username cannot be null")
	}
	if v, ok := in.Username.Get(); ok {
		if v == "" {
			return nil, badParam("username", "username cannot be empty")
		}
		if other, err := s.userLocked(v); err == nil && other != u {
			return nil, unprocessable("username_taken", "username "+v+" is taken")
		}
		u.u.Username = v
	}
	setNullable(&u.u.Name, in.Name)
	setNullable(&u.u.Bio, in.Bio)
	if f, ok := in.ProfilePicture.Get(); ok {
		u.u.ProfilePicture = &whop.ProfilePicture{URL: ptr("https://assets.whop.test/" + f.ID)}
	} else if in.ProfilePicture.IsNull() {
		u.u.ProfilePicture = nil
	}
	return u.u, nil
}

func (s *Server) listUsers(r *http.Request) (any, error) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	search := strings.ToLower(q.Get("query"))
	var items []*userRec
	for _, u := range s.state.users {
		name := ""
		if u.u.Name != nil {
			name = *u.u.Name
		}
		if search != "" && !strings.Contains(strings.ToLower(name+" "+u.u.Username), search) {
			continue
		}
		items = append(items, u)
	}
	return listPage(items, q, func(u *userRec) (whop.User, error) { return u.u, nil })
}

// checkAccess answers from the memberships: a user has customer access to
// a product, or to its company, while one of their memberships of it is
// live (active, trialing, past due, or canceling until the period ends).
// The company's owner is its admin.
func (s *Server) checkAccess(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.userLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	res := r.PathValue("resource_id")
	_, isCompany := s.state.companies[res]
	prod, isProduct := s.state.products[res]
	if !isCompany && !isProduct {
		return nil, notFound("resource", res)
	}
	level := whop.AccessLevelNoAccess
	switch {
	case isProduct && prod.p.OwnerUser.ID == u.u.ID:
		level = whop.AccessLevelAdmin
	case s.hasAccessLocked(u.u.ID, res):
		level = whop.AccessLevelCustomer
	}
	return whop.UserAccess{HasAccess: level != whop.AccessLevelNoAccess, AccessLevel: level}, nil
}
