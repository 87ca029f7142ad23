package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Actions at the protocol level, without a Terraform CLI: the tests validate,
// plan and invoke an action through the provider server as `terraform apply
// -invoke` does.

// actionRun is what an action's RPCs answered.
type actionRun struct {
	validate, plan []*tfprotov6.Diagnostic
	invoked        bool
	progress       []string
	diags          []*tfprotov6.Diagnostic // of the completed event
}

// errorText joins the summaries and details of the error diagnostics.
func errorText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			b.WriteString(d.Summary + ": " + d.Detail + "\n")
		}
	}
	return b.String()
}

// warningText joins the summaries and details of the warnings.
func warningText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			b.WriteString(d.Summary + ": " + d.Detail + "\n")
		}
	}
	return b.String()
}

// text is everything the run showed: progress messages and diagnostics.
func (r actionRun) text() string {
	var b strings.Builder
	for _, p := range r.progress {
		b.WriteString(p + "\n")
	}
	for _, ds := range [][]*tfprotov6.Diagnostic{r.validate, r.plan, r.diags} {
		for _, d := range ds {
			b.WriteString(d.Summary + ": " + d.Detail + "\n")
		}
	}
	return b.String()
}

// runAction validates, plans and (when those raise no error) invokes an
// action whose config sets the given attributes, the others null; an
// unknown value in config is planned but never invoked.
func (h *protoHarness) runAction(actionType string, config map[string]tftypes.Value) actionRun {
	h.t.Helper()
	schemas, err := h.server.GetProviderSchema(h.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		h.t.Fatal(err)
	}
	as := schemas.ActionSchemas[actionType]
	if as == nil {
		h.t.Fatalf("no action %s", actionType)
	}
	actions, ok := h.server.(tfprotov6.ActionServer)
	if !ok {
		h.t.Fatal("the provider server does not serve actions")
	}
	typ := as.Schema.ValueType()
	cfgVal := objectWith(typ, config)
	cfg := h.dynamic(typ, cfgVal)
	var run actionRun
	v, err := actions.ValidateActionConfig(h.ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: actionType, Config: cfg})
	if err != nil {
		h.t.Fatal(err)
	}
	run.validate = v.Diagnostics
	if errorText(run.validate) != "" {
		return run
	}
	p, err := actions.PlanAction(h.ctx, &tfprotov6.PlanActionRequest{ActionType: actionType, Config: cfg})
	if err != nil {
		h.t.Fatal(err)
	}
	run.plan = p.Diagnostics
	if errorText(run.plan) != "" || !cfgVal.IsFullyKnown() {
		return run
	}
	run.invoked = true
	run.progress, run.diags = h.invokeAction(actionType, config)
	return run
}

// invokeAction invokes an action, as an apply does after the plan, and
// returns its progress messages and the completed event's diagnostics.
func (h *protoHarness) invokeAction(actionType string, config map[string]tftypes.Value) (progress []string, diags []*tfprotov6.Diagnostic) {
	h.t.Helper()
	schemas, err := h.server.GetProviderSchema(h.ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		h.t.Fatal(err)
	}
	actions, ok := h.server.(tfprotov6.ActionServer)
	if !ok {
		h.t.Fatal("the provider server does not serve actions")
	}
	typ := schemas.ActionSchemas[actionType].Schema.ValueType()
	stream, err := actions.InvokeAction(h.ctx, &tfprotov6.InvokeActionRequest{ActionType: actionType, Config: h.dynamic(typ, objectWith(typ, config))})
	if err != nil {
		h.t.Fatal(err)
	}
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			diags = e.Diagnostics
		}
	}
	return progress, diags
}

func int64Val(n int64) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }
