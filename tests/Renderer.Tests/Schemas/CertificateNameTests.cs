using GitGateway.Renderer.Diagnostics;

namespace GitGateway.Renderer.Tests.Schemas;

public sealed class CertificateNameTests
{
    [Theory]
    [InlineData("../../../../etc")]
    [InlineData("/etc/ssl")]
    [InlineData("Web_TLS")]
    public void Render_ListenerCertificateRefPathLike_InvalidName(string name)
    {
        var listener = $"  - name: https\n    protocol: HTTPS\n    port: 443\n    tls: {{mode: Terminate, certificateRefs: [{{name: \"{name}\"}}]}}\n";
        var result = Files.Render(("gw.yaml", Yaml.Class + Yaml.Gateway(listener)));

        var d = Assert.Single(result.Diagnostics, x => x.Code == DiagnosticCodes.InvalidName);
        Assert.StartsWith("spec.listeners[0].tls.certificateRefs[0].name is not a DNS-1123 name", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TeamCertificateCataloguePathLike_InvalidName()
    {
        var team = "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: t}\nspec:\n  certificates: [{namespace: app, name: \"../../../../etc\"}]\n";
        var result = Files.Render(("t.yaml", team));

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidName, d.Code);
        Assert.Equal((5, 41), (d.Line, d.Column));
    }

    [Fact]
    public void Render_DottedCertificateName_IsValid()
    {
        var team = "apiVersion: gitgateway.dev/v1alpha1\nkind: Team\nmetadata: {name: t}\nspec:\n  certificates: [{namespace: app, name: wildcard.example-com}]\n";
        Assert.Empty(Files.Render(("t.yaml", team)).Diagnostics);
    }
}
