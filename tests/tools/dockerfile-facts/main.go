// Command dockerfile-facts reads Dockerfiles with BuildKit's own parser and prints one JSON object:
// per file, its stages and, per target, the build args it accepts, its USER and EXPOSEd ports.
// Usage: dockerfile-facts FILE... Where BuildKit's frontend (dockerfile2llb, v0.34.2) differs from
// a plain reading of the text, this follows the frontend, and says so where it does.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

type stageFact struct {
	Name *string `json:"name"`
	Base string  `json:"base"`
	Line int     `json:"line"`
}

type targetFact struct {
	Args  []string `json:"args"`
	User  *string  `json:"user"`
	Ports []string `json:"ports"`
}

type facts struct {
	Stages  []stageFact           `json:"stages"`
	Targets map[string]targetFact `json:"targets"`
}

// env is what BuildKit expands words against: ENV and ARG values set so far. A base image's own
// ENV is unknown here, so its variables expand to "".
type env map[string]string

func (e env) Get(k string) (string, bool) { v, ok := e[k]; return v, ok }
func (e env) Keys() []string              { return slices.Sorted(maps.Keys(e)) }

type stage struct {
	base  int   // index of the stage it is FROM, -1 for an image
	deps  []int // stages it reads through COPY --from / RUN --mount=from
	args  []string
	env   env
	user  *string
	ports map[string]bool
}

func main() {
	out := map[string]facts{}
	for _, path := range os.Args[1:] {
		out[filepath.Base(path)] = factsOf(path)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	check("output", enc.Encode(out))
}

// check stops the run: a Dockerfile BuildKit rejects has no facts to pin.
func check(where string, err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", where, err)
		os.Exit(1)
	}
}

func factsOf(path string) facts {
	src, err := os.ReadFile(path)
	check(path, err)
	res, err := parser.Parse(bytes.NewReader(src))
	check(path, err)
	res.PrintWarnings(os.Stderr)
	parsed, metaArgs, err := instructions.Parse(res.AST, nil)
	check(path, err)
	if len(parsed) == 0 {
		check(path, fmt.Errorf("no FROM"))
	}
	lex := shell.NewLex(res.EscapeToken)
	expand := func(w string, e env) string { r, _, err := lex.ProcessWord(w, e); check(path, err); return r }

	// Global ARGs: every target accepts them; their defaults expand FROM and valueless stage ARGs.
	global, globalNames := env{}, []string{}
	for _, a := range metaArgs {
		for _, kv := range a.Args {
			globalNames = append(globalNames, kv.Key)
			if kv.Value != nil {
				global[kv.Key] = expand(*kv.Value, global)
			}
		}
	}

	// As in BuildKit's addState, `FROM x` is a stage only if x, expanded but NOT lowercased, is the
	// name of an earlier stage (stage names themselves are lowercased by instructions.Parse).
	var f facts
	byName, stages := map[string]int{}, make([]*stage, len(parsed))
	for i, st := range parsed {
		base := expand(st.BaseName, global)
		stages[i] = &stage{base: -1, env: env{}, ports: map[string]bool{}}
		if j, ok := byName[base]; ok {
			stages[i].base = j
		}
		var name *string
		if st.Name != "" {
			name, byName[st.Name] = &st.Name, i
		}
		f.Stages = append(f.Stages, stageFact{Name: name, Base: base, Line: st.Location[0].Start.Line})
	}

	for i, st := range parsed {
		s, cmds := stages[i], st.Commands
		if s.base >= 0 {
			// FROM <stage> continues that stage's state: USER, ports, and ENV and ARG values alike.
			b := stages[s.base]
			s.env, s.user, s.ports = maps.Clone(b.env), b.user, maps.Clone(b.ports)
			// BuildKit runs the base stage's ONBUILD triggers first, here and in no other stage.
			var triggers []instructions.Command
			for _, c := range parsed[s.base].Commands {
				if ob, ok := c.(*instructions.OnbuildCommand); ok {
					r, err := parser.Parse(strings.NewReader(ob.Expression))
					check(path, err)
					tc, err := instructions.ParseCommand(r.AST.Children[0])
					check(path, err)
					triggers = append(triggers, tc)
				}
			}
			cmds = append(triggers, cmds...)
		}
		scope := func(w string) (string, error) { return expand(w, s.env), nil }
		for _, c := range cmds {
			switch c := c.(type) {
			case *instructions.CopyCommand:
				// COPY --from=N is the N-th stage; a name is matched case-insensitively.
				if n, err := strconv.Atoi(c.From); err == nil {
					if n < 0 || n >= len(stages) {
						check(path, fmt.Errorf("invalid stage index %d", n))
					}
					s.deps = append(s.deps, n)
				} else if j, ok := byName[strings.ToLower(c.From)]; ok {
					s.deps = append(s.deps, j)
				}
			case *instructions.RunCommand:
				// RUN --mount=from= takes names only: from=0 would be an image called "0".
				for _, m := range instructions.GetMounts(c) {
					if j, ok := byName[strings.ToLower(m.From)]; ok {
						s.deps = append(s.deps, j)
					}
				}
			case *instructions.ArgCommand:
				for _, kv := range c.Args {
					s.args = append(s.args, kv.Key)
					if kv.Value != nil {
						s.env[kv.Key] = expand(*kv.Value, s.env)
					} else if v, ok := global[kv.Key]; ok {
						s.env[kv.Key] = v
					}
				}
			case *instructions.EnvCommand:
				check(path, c.Expand(scope)) // every pair sees the scope from before the line
				for _, kv := range c.Env {
					s.env[kv.Key] = kv.Value
				}
			case *instructions.UserCommand:
				check(path, c.Expand(scope))
				s.user = &c.User
			case *instructions.ExposeCommand:
				for _, p := range c.Ports {
					words, err := lex.ProcessWords(p, s.env) // one word may expand to several ports
					check(path, errors.Join(err, addPorts(s.ports, words)))
				}
			}
		}
	}

	f.Targets = map[string]targetFact{"": target(stages, len(stages)-1, globalNames)}
	for i, st := range parsed {
		if st.Name != "" {
			f.Targets[st.Name] = target(stages, i, globalNames)
		}
	}
	return f
}

// target gathers the ARGs of every stage a build of stage i runs, plus the global ones.
func target(stages []*stage, i int, globalNames []string) targetFact {
	args, seen := slices.Clone(globalNames), map[int]bool{}
	var walk func(int)
	walk = func(j int) {
		if !seen[j] {
			seen[j] = true
			args = append(args, stages[j].args...)
			for _, d := range append([]int{stages[j].base}, stages[j].deps...) {
				if d >= 0 {
					walk(d)
				}
			}
		}
	}
	walk(i)
	slices.Sort(args)
	ports := append([]string{}, slices.Sorted(maps.Keys(stages[i].ports))...)
	return targetFact{Args: slices.Compact(args), User: stages[i].user, Ports: ports}
}

// addPorts normalizes EXPOSE words as BuildKit's parsePort does: port[-end][/proto], tcp by default.
func addPorts(into map[string]bool, words []string) error {
	for _, word := range words {
		port, proto, _ := strings.Cut(word, "/")
		if proto = strings.ToLower(proto); proto == "" {
			proto = "tcp"
		}
		lo, hi, isRange := strings.Cut(port, "-")
		start, err := strconv.Atoi(lo)
		end := start
		if err == nil && isRange {
			end, err = strconv.Atoi(hi)
		}
		if err != nil || end < start || proto != "tcp" && proto != "udp" && proto != "sctp" {
			return fmt.Errorf("invalid EXPOSE %q", word)
		}
		for p := start; p <= end; p++ {
			into[strconv.Itoa(p)+"/"+proto] = true
		}
	}
	return nil
}
