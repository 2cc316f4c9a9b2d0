using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitGateway.Plan.Model;
using GitGateway.Renderer.Rendering;
using GitGateway.Renderer.Status;

namespace GitGateway.Renderer.Tests.Policies;

/// <summary>
/// BackendTLSPolicy as the spec words it (third_party/gateway-api/crds/standard/gateway.networking.k8s.io_backendtlspolicies.yaml):
/// each test quotes the sentence it follows. One HTTP Gateway, one route to Service app/svc (port 443 named
/// "https", port 8443 named "alt"), policies written per test.
/// </summary>
public sealed class BackendTlsPolicyTests
{
    private static readonly string CaPem = CreateCaPem();

    private static string Input(string policies, string gatewayExtra = "", string extra = "") =>
        Yaml.Class + Yaml.Gateway(Yaml.Http(), extra: gatewayExtra)
        + "---\napiVersion: v1\nkind: Service\nmetadata: {name: svc, namespace: app}\nspec:\n  ports: [{name: https, port: 443}, {name: alt, port: 8443}]\n"
        + Yaml.Route("r", Yaml.Parent() + "  rules:\n  - matches: [{path: {type: PathPrefix, value: /a}}]\n    backendRefs: [{name: svc, port: 443}]\n  - matches: [{path: {type: PathPrefix, value: /b}}]\n    backendRefs: [{name: svc, port: 8443}]\n")
        + $"---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: ca, namespace: app}}\ndata:\n  ca.crt: |\n{string.Join('\n', CaPem.Split('\n').Select(l => "    " + l))}\n"
        + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: empty, namespace: app}\ndata:\n  ca.crt: \"\"\n"
        + policies + extra;

    private static string Policy(string name, string validation, string? section = null) =>
        $"---\napiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata: {{name: {name}, namespace: app}}\nspec:\n"
        + $"  targetRefs: [{{group: \"\", kind: Service, name: svc{(section is null ? "" : ", sectionName: " + section)}}}]\n  validation:\n{validation}";

    private const string Valid = "    hostname: backend.example.com\n    caCertificateRefs: [{group: \"\", kind: ConfigMap, name: ca}]\n";

    [Fact]
    public void Render_ValidPolicy_BackendGetsSniCaAndPolicyIsAcceptedOnItsGateway()
    {
        var result = Files.Render(("a.yaml", Input(Policy("p", Valid))));
        var tls = Backend(result, "/a").Tls;
        Assert.NotNull(tls);
        Assert.Equal("backend.example.com", tls.Sni);
        Assert.Equal([new CertificateRef("ConfigMap", "app", "ca")], tls.CaCertificateRefs);
        Assert.False(tls.SystemRoots);
        var ancestor = Assert.Single(Status(result, "p").Ancestors);
        Assert.Equal(("infra", "gw"), (ancestor.AncestorRef.Namespace, ancestor.AncestorRef.Name));
        Assert.Contains(ancestor.Conditions, c => c is { Type: "Accepted", Status: "True", Reason: "Accepted" });
        Assert.Contains(ancestor.Conditions, c => c is { Type: "ResolvedRefs", Status: "True", Reason: "ResolvedRefs" });
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Diagnostics.DiagnosticSeverity.Error);
    }

    // caCertificateRefs: "It refers to a resource that cannot be resolved (e.g., the referenced resource does not
    // exist) or is misconfigured (e.g., a ConfigMap does not contain a key named `ca.crt`). In this case, the Reason
    // must be set to `InvalidCACertificateRef` ... If ALL CACertificateRefs are invalid, the implementation MUST also
    // ensure the `Accepted` Condition on the BackendTLSPolicy is set to `status: False`, with a Reason
    // `NoValidCACertificate`." and "Connections using an invalid CACertificateRef MUST fail, and the client MUST
    // receive an HTTP 5xx error response."
    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    public void Render_CaRefMissingOrMisconfigured_InvalidCACertificateRefNoValidCACertificateAndBackendUnresolved(string configMap)
    {
        var result = Files.Render(("a.yaml", Input(Policy("p", $"    hostname: backend.example.com\n    caCertificateRefs: [{{group: \"\", kind: ConfigMap, name: {configMap}}}]\n"))));
        var conditions = Assert.Single(Status(result, "p").Ancestors).Conditions;
        Assert.Contains(conditions, c => c is { Type: "ResolvedRefs", Status: "False", Reason: "InvalidCACertificateRef" });
        Assert.Contains(conditions, c => c is { Type: "Accepted", Status: "False", Reason: "NoValidCACertificate" });
        var backend = Backend(result, "/a");
        Assert.Null(backend.Tls);
        Assert.Equal("NoValidCACertificate", backend.Unresolved);
        Assert.Contains(result.Diagnostics, d => d.Code == "InvalidCACertificateRef");
    }

    // caCertificateRefs: "Support: Implementation-specific - More than one reference, other kinds of resources":
    // GitGateway reads a Secret's ca.crt (any type) as it reads a ConfigMap's, and the node trusts it from its
    // certificate source by name, as it does a listener's certificateRefs.
    [Fact]
    public void Render_CaRefToSecretWithCaCrt_AcceptedAndBackendTrustsTheSecret()
    {
        var secret = $"---\napiVersion: v1\nkind: Secret\ntype: Opaque\nmetadata: {{name: ca-secret, namespace: app}}\nstringData:\n  ca.crt: |\n{string.Join('\n', CaPem.Split('\n').Select(l => "    " + l))}\n";
        var result = Files.Render(("a.yaml", Input(Policy("p", "    hostname: backend.example.com\n    caCertificateRefs: [{group: \"\", kind: Secret, name: ca-secret}]\n"), extra: secret)));
        Assert.Equal([new CertificateRef("Secret", "app", "ca-secret")], Backend(result, "/a").Tls?.CaCertificateRefs);
        var conditions = Assert.Single(Status(result, "p").Ancestors).Conditions;
        Assert.Contains(conditions, c => c is { Type: "Accepted", Status: "True" });
        Assert.Contains(conditions, c => c is { Type: "ResolvedRefs", Status: "True" });
    }

    // "It refers to a resource that cannot be resolved (e.g., the referenced resource does not exist) or is
    // misconfigured ... In this case, the Reason must be set to `InvalidCACertificateRef` and the Message of the
    // Condition must indicate which reference is invalid and why."
    [Theory]
    [InlineData("")]
    [InlineData("---\napiVersion: v1\nkind: Secret\ntype: Opaque\nmetadata: {name: ca-secret, namespace: app}\nstringData:\n  other: x\n")]
    public void Render_CaRefToSecretMissingOrWithoutCaCrt_InvalidCACertificateRefNamingIt(string secret)
    {
        var result = Files.Render(("a.yaml", Input(Policy("p", "    hostname: backend.example.com\n    caCertificateRefs: [{group: \"\", kind: Secret, name: ca-secret}]\n"), extra: secret)));
        var conditions = Assert.Single(Status(result, "p").Ancestors).Conditions;
        var resolved = conditions.Single(c => c.Type == "ResolvedRefs");
        Assert.Equal(("False", "InvalidCACertificateRef"), (resolved.Status, resolved.Reason));
        Assert.Contains("Secret app/ca-secret", resolved.Message, StringComparison.Ordinal);
        Assert.Contains(conditions, c => c is { Type: "Accepted", Status: "False", Reason: "NoValidCACertificate" });
        Assert.Equal("NoValidCACertificate", Backend(result, "/a").Unresolved);
    }

    // caCertificateRefs: "It refers to an unknown or unsupported kind of resource. In this case, the Reason must be
    // set to `InvalidKind` and the Message of the Condition must explain which kind of resource is unknown or unsupported."
    [Fact]
    public void Render_CaRefOfUnsupportedKind_InvalidKindNamingTheKind()
    {
        var result = Files.Render(("a.yaml", Input(Policy("p", "    hostname: backend.example.com\n    caCertificateRefs: [{group: \"\", kind: Pod, name: ca}]\n"))));
        var conditions = Assert.Single(Status(result, "p").Ancestors).Conditions;
        var resolved = conditions.Single(c => c.Type == "ResolvedRefs");
        Assert.Equal(("False", "InvalidKind"), (resolved.Status, resolved.Reason));
        Assert.Contains("Pod", resolved.Message, StringComparison.Ordinal);
        Assert.Contains(conditions, c => c is { Type: "Accepted", Status: "False", Reason: "NoValidCACertificate" });
    }

    // A valid reference next to an invalid one: ResolvedRefs is False (the spec: "In all cases, the implementation
    // MUST ensure the `ResolvedRefs` Condition ... is set to `status: False`"), Accepted stays True (only "If ALL
    // CACertificateRefs are invalid" is it False), and only the valid CA is trusted.
    [Fact]
    public void Render_OneValidOneInvalidCaRef_ResolvedRefsFalseAcceptedTrueValidCaOnly()
    {
        var result = Files.Render(("a.yaml", Input(Policy("p", "    hostname: backend.example.com\n    caCertificateRefs: [{group: \"\", kind: ConfigMap, name: ca}, {group: \"\", kind: ConfigMap, name: missing}]\n"))));
        var conditions = Assert.Single(Status(result, "p").Ancestors).Conditions;
        Assert.Contains(conditions, c => c is { Type: "ResolvedRefs", Status: "False", Reason: "InvalidCACertificateRef" });
        Assert.Contains(conditions, c => c is { Type: "Accepted", Status: "True" });
        Assert.Equal([new CertificateRef("ConfigMap", "app", "ca")], Backend(result, "/a").Tls!.CaCertificateRefs);
    }

    // targetRefs: "When more than one BackendTLSPolicy selects the same target and sectionName, implementations MUST
    // determine precedence using the following criteria, continuing on ties: ... The policy appearing first in
    // alphabetical order by {namespace}/{name}. ... For any BackendTLSPolicy that does not take precedence, the
    // implementation MUST ensure the `Accepted` Condition is set to `status: False`, with Reason `Conflicted`."
    [Fact]
    public void Render_TwoPoliciesSameTarget_FirstByNameWinsOtherConflicted()
    {
        var result = Files.Render(("a.yaml", Input(Policy("b-second", Valid.Replace("backend.", "second.", StringComparison.Ordinal)) + Policy("a-first", Valid))));
        Assert.Equal("backend.example.com", Backend(result, "/a").Tls!.Sni);
        Assert.Contains(Assert.Single(Status(result, "a-first").Ancestors).Conditions, c => c is { Type: "Accepted", Status: "True" });
        Assert.Contains(Assert.Single(Status(result, "b-second").Ancestors).Conditions, c => c is { Type: "Accepted", Status: "False", Reason: "Conflicted" });
    }

    // "the oldest wins": with ages from Git history, the older policy wins though its name sorts last.
    [Fact]
    public void Render_TwoPoliciesSameTargetWithAges_OlderWinsThoughItsNameSortsLast()
    {
        var text = Input(Policy("b-older", Valid.Replace("backend.", "older.", StringComparison.Ordinal)) + Policy("a-newer", Valid));
        var ages = new ObjectAges(new Dictionary<string, long> { ["BackendTLSPolicy/app/b-older"] = 1, ["BackendTLSPolicy/app/a-newer"] = 2 }, "test history");
        var result = PlanRenderer.Render(new RenderInput([Files.Of("a.yaml", text)], "test") { Ages = ages });
        Assert.Equal("older.example.com", Backend(result, "/a").Tls!.Sni);
        Assert.Contains(Assert.Single(Status(result, "a-newer").Ancestors).Conditions, c => c is { Type: "Accepted", Status: "False", Reason: "Conflicted" });
    }

    // sectionName: a policy for the Service port named by sectionName applies to that port and takes precedence
    // there over one for the whole Service; the two select different targets, so neither is Conflicted.
    [Fact]
    public void Render_SectionPolicyAndServicePolicy_SectionWinsOnItsPortServicePolicyElsewhereNoConflict()
    {
        var result = Files.Render(("a.yaml", Input(Policy("whole", Valid) + Policy("section", Valid.Replace("backend.", "alt.", StringComparison.Ordinal), section: "alt"))));
        Assert.Equal("backend.example.com", Backend(result, "/a").Tls!.Sni);
        Assert.Equal("alt.example.com", Backend(result, "/b").Tls!.Sni);
        Assert.All(result.Status.Policies!, p => Assert.Contains(Assert.Single(p.Ancestors).Conditions, c => c is { Type: "Accepted", Status: "True" }));
    }

    // subjectAltNames: "When specified the certificate served from the backend MUST have at least one Subject
    // Alternate Name matching one of the specified SubjectAltNames." They travel to the node as written.
    [Fact]
    public void Render_SubjectAltNames_CarriedToThePlan()
    {
        var validation = Valid + "    subjectAltNames: [{type: Hostname, hostname: \"*.example.com\"}, {type: URI, uri: \"spiffe://cluster/ns/app/sa/svc\"}]\n";
        var tls = Backend(Files.Render(("a.yaml", Input(Policy("p", validation)))), "/a").Tls!;
        Assert.Equal([new SubjectAltName("Hostname", "*.example.com"), new SubjectAltName("URI", "spiffe://cluster/ns/app/sa/svc")], tls.SubjectAltNames);
    }

    // wellKnownCACertificates: "Valid values include: * "System" ... If an implementation does not support the
    // WellKnownCACertificates field, or the supplied value is not recognized, the implementation MUST ensure the
    // `Accepted` Condition on the BackendTLSPolicy is set to `status: False`, with a Reason `Invalid`."
    [Fact]
    public void Render_WellKnownSystem_SystemRootsAndUnknownSetIsInvalid()
    {
        var system = Files.Render(("a.yaml", Input(Policy("p", "    hostname: backend.example.com\n    wellKnownCACertificates: System\n"))));
        Assert.True(Backend(system, "/a").Tls!.SystemRoots);
        var other = Files.Render(("a.yaml", Input(Policy("p", "    hostname: backend.example.com\n    wellKnownCACertificates: example.com/roots\n"))));
        Assert.Contains(Assert.Single(Status(other, "p").Ancestors).Conditions, c => c is { Type: "Accepted", Status: "False", Reason: "Invalid" });
        Assert.NotNull(Backend(other, "/a").Unresolved);
    }

    // GatewayBackendTLS.clientCertificateRef: "ClientCertificateRef references an object that contains a client
    // certificate and its associated private key ... If an entry in this list ... is invalid, the ResolvedRefs
    // condition on the Gateway MUST be set to False with the reason InvalidClientCertificateRef"; a cross-namespace
    // reference without a ReferenceGrant is RefNotPermitted. The Gateway stays Accepted.
    [Theory]
    [InlineData("{group: \"\", kind: Secret, name: nope}", "InvalidClientCertificateRef")]
    [InlineData("{group: example.com, kind: Secret, name: client}", "InvalidClientCertificateRef")]
    [InlineData("{group: \"\", kind: ConfigMap, name: ca}", "InvalidClientCertificateRef")]
    [InlineData("{group: \"\", kind: Secret, name: client, namespace: other}", "RefNotPermitted")]
    public void Render_BadBackendClientCertificateRef_GatewayResolvedRefsFalseStillAccepted(string reference, string reason)
    {
        var result = Files.Render(("a.yaml", Input(Policy("p", Valid), gatewayExtra: $"  tls:\n    backend:\n      clientCertificateRef: {reference}\n")));
        var gw = result.Status.Gateways.Single();
        Assert.Contains(gw.Conditions, c => c.Type == "ResolvedRefs" && c.Status == "False" && c.Reason == reason);
        Assert.Contains(gw.Conditions, c => c is { Type: "Accepted", Status: "True" });
        Assert.Null(Backend(result, "/a").Tls!.ClientCertificateRef);
    }

    [Fact]
    public void Render_BackendClientCertificate_PresentedToPolicyBackendsOnly()
    {
        var secret = ClientSecretYaml();
        var result = Files.Render(("a.yaml", Input(Policy("p", Valid, section: "https"), "  tls:\n    backend:\n      clientCertificateRef: {name: client}\n", secret)));
        Assert.Contains(result.Status.Gateways.Single().Conditions, c => c is { Type: "ResolvedRefs", Status: "True", Reason: "ResolvedRefs" });
        Assert.Equal(new CertificateRef("Secret", "infra", "client"), Backend(result, "/a").Tls!.ClientCertificateRef);
        Assert.Null(Backend(result, "/b").Tls);
    }

    // "BackendTLSPolicy provides a way to configure how a Gateway connects to a Backend via TLS." A RequestMirror
    // is a connection from the Gateway to the mirror's Service like any other: its copies go over the same TLS, and
    // the Gateway is an ancestor of the policy.
    [Fact]
    public void Render_MirrorToPolicyService_MirrorBackendGetsTheSameTlsAndGatewayIsAncestor()
    {
        var mirror = "---\napiVersion: v1\nkind: Service\nmetadata: {name: plain, namespace: app}\nspec:\n  ports: [{name: http, port: 80}]\n"
            + Yaml.Route("m", Yaml.Parent() + "  rules:\n  - matches: [{path: {type: PathPrefix, value: /m}}]\n"
                + "    filters: [{type: RequestMirror, requestMirror: {backendRef: {name: svc, port: 443}}}]\n    backendRefs: [{name: plain, port: 80}]\n");
        var result = Files.Render(("a.yaml", Input(Policy("p", Valid, section: "https"), extra: mirror)));
        var entry = result.Plan.Listeners.SelectMany(l => l.VirtualHosts).SelectMany(h => h.Routes).Single(r => r.Match.Path.Value == "/m");
        Assert.Null(entry.Backends.Single().Tls);
        var copy = entry.Filters.Single().RequestMirror!.Backend;
        Assert.Equal("backend.example.com", copy.Tls?.Sni);
        Assert.Equal([new CertificateRef("ConfigMap", "app", "ca")], copy.Tls!.CaCertificateRefs);
        Assert.Single(Status(result, "p").Ancestors);
    }

    // A render without policies writes exactly what it wrote before: no "policies" key, no tls on backends.
    [Fact]
    public void RenderJson_NoPolicies_NoPoliciesKey()
    {
        var json = RenderJson.ToJson(Files.Render(("a.yaml", Input(""))));
        Assert.DoesNotContain("\"policies\"", json.Split("\"status\"")[1], StringComparison.Ordinal);
        Assert.DoesNotContain("\"tls\"", json, StringComparison.Ordinal);
    }

    private static Backend Backend(RenderResult result, string prefix) =>
        result.Plan.Listeners.SelectMany(l => l.VirtualHosts).SelectMany(h => h.Routes).Single(r => r.Match.Path.Value == prefix).Backends.Single();

    private static PolicyStatus Status(RenderResult result, string name) => result.Status.Policies!.Single(p => p.Name == name);

    private static string CreateCaPem()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=test-ca", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return ca.ExportCertificatePem();
    }

    private static string ClientSecretYaml()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=client", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        static string B64(string s) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(s));
        return $"---\napiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata: {{name: client, namespace: infra}}\ndata:\n  tls.crt: {B64(cert.ExportCertificatePem())}\n  tls.key: {B64(rsa.ExportRSAPrivateKeyPem())}\n";
    }
}
