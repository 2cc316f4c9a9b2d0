#!/usr/bin/env python3
"""Writes a config repository in repo layout with N teams and M HTTPRoutes, for bench/render/run.sh.

Each team owns one namespace and hostnames under <team>.example.com, lists its services, and holds an
equal share of the routes, in the shares a real repository has: a fifth of the routes match their path
by regular expression, a quarter match a header (half of those by regular expression), all have canary
weights and a filter, and 17% carry a route policy (RateLimit every tenth route, Timeout every twentieth,
Retry and CORS every fiftieth). Deterministic: same arguments, same files.
"""
import argparse
import os


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def platform(root):
    write(f"{root}/gitgateway.yaml", """apiVersion: gitgateway.dev/v1alpha1
kind: GitGatewayConfig
metadata: {name: config}
spec: {controllerName: gitgateway.dev/gateway-controller, targetBranch: main}
""")
    write(f"{root}/platform/team.yaml", """apiVersion: gitgateway.dev/v1alpha1
kind: Team
metadata: {name: platform}
spec:
  role: platform
  owners: ["@acme/platform"]
  namespaces: [gateway-system]
  certificates: [{namespace: gateway-system, name: wildcard}]
""")
    write(f"{root}/platform/gatewayclass.yaml", """apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: gitgateway}
spec: {controllerName: gitgateway.dev/gateway-controller}
""")
    write(f"{root}/platform/gateways/public.yaml", """apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public, namespace: gateway-system}
spec:
  gatewayClassName: gitgateway
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    tls: {certificateRefs: [{kind: Secret, name: wildcard}]}
    allowedRoutes:
      namespaces: {from: Selector, selector: {matchLabels: {gateway-access: "true"}}}
""")
    write(f"{root}/platform/policies/waf.yaml", """apiVersion: gitgateway.dev/v1alpha1
kind: ProxyPolicy
metadata: {name: waf, namespace: gateway-system}
spec:
  type: WAF
  enforced: true
  targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: public}
  waf: {enabled: true, mode: detection}
""")


def team(root, t, routes):
    name = f"team{t:03d}"
    services = "\n".join(f"  - {{name: svc-{s}, ports: [8080]}}" for s in range(10))
    write(f"{root}/teams/{name}/team.yaml", f"""apiVersion: gitgateway.dev/v1alpha1
kind: Team
metadata: {{name: {name}}}
spec:
  owners: ["@acme/{name}"]
  namespaces: [{name}]
  namespaceLabels: {{{name}: {{gateway-access: "true"}}}}
  hostnames: ["{name}.example.com", "*.{name}.example.com"]
  services:
{services}
""")
    for r in routes:
        host = f"{name}.example.com" if r % 3 else f"api{r % 7}.{name}.example.com"
        v1, v2 = 100 - (r % 10) * 10, (r % 10) * 10
        header = ""
        if r % 8 == 0:
            header = f"\n      headers: [{{type: RegularExpression, name: X-Canary, value: \"^v{r % 5}(\\\\.[0-9]+)?$\"}}]"
        elif r % 4 == 0:
            header = f"\n      headers: [{{name: X-Canary, value: \"{r % 5}\"}}]"
        path = f"{{type: RegularExpression, value: \"/r{r}/items/[0-9]+(/.*)?\"}}" if r % 5 == 2 else f"{{type: PathPrefix, value: /r{r}/api}}"
        write(f"{root}/teams/{name}/routes/route-{r:05d}.yaml", f"""apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: route-{r:05d}, namespace: {name}}}
spec:
  parentRefs: [{{name: public, namespace: gateway-system, sectionName: https}}]
  hostnames: ["{host}"]
  rules:
  - matches:
    - path: {path}{header}
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier: {{set: [{{name: X-Route, value: r{r}}}]}}
    backendRefs:
    - {{name: svc-{r % 10}, port: 8080, weight: {v1}}}
    - {{name: svc-{(r + 1) % 10}, port: 8080, weight: {v2}}}
  - matches:
    - path: {{type: Exact, value: /r{r}/health}}
    backendRefs:
    - {{name: svc-{r % 10}, port: 8080}}
""")
        if r % 10 == 0:
            write(f"{root}/teams/{name}/policies/route-{r:05d}-rate.yaml", f"""apiVersion: gitgateway.dev/v1alpha1
kind: ProxyPolicy
metadata: {{name: route-{r:05d}-rate, namespace: {name}}}
spec:
  type: RateLimit
  targetRef: {{group: gateway.networking.k8s.io, kind: HTTPRoute, name: route-{r:05d}}}
  rateLimit: {{requestsPerSecond: 100, burst: 200}}
""")
        extra = {5: ("timeout", "Timeout", "timeout: {request: 15s, backendRequest: 5s}"),
                 15: ("retry", "Retry", "retry: {attempts: 2, perTryTimeout: 1s, retryOn: [5xx, connect-failure], backoff: 100ms}"),
                 35: ("cors", "CORS", f"cors: {{allowOrigins: [\"https://{name}.example.com\"], allowMethods: [GET, POST], "
                                      "allowHeaders: [Content-Type], exposeHeaders: [], allowCredentials: false, maxAge: 60}")}
        key = r % 20 if r % 20 == 5 else r % 50
        if key in extra:
            suffix, kind, body = extra[key]
            write(f"{root}/teams/{name}/policies/route-{r:05d}-{suffix}.yaml", f"""apiVersion: gitgateway.dev/v1alpha1
kind: ProxyPolicy
metadata: {{name: route-{r:05d}-{suffix}, namespace: {name}}}
spec:
  type: {kind}
  targetRef: {{group: gateway.networking.k8s.io, kind: HTTPRoute, name: route-{r:05d}}}
  {body}
""")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root")
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--routes", type=int, default=10000)
    args = parser.parse_args()
    platform(args.root)
    per_team = args.routes // args.teams
    for t in range(args.teams):
        team(args.root, t, range(t * per_team, (t + 1) * per_team))


if __name__ == "__main__":
    main()
