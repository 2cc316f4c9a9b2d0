using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static GitGateway.Proxy.Tests.Support.Plans;

namespace GitGateway.Proxy.Tests.Policies;

public sealed class JwtPolicyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Jwt_ValidMissingAndWrongAudienceTokens_ForwardOrAnswer401()
    {
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "k1" };
        await using var jwks = await StartJwksAsync(rsa, "k1");
        await using var backend = await EchoBackend.StartAsync("v1");
        await using var proxy = await ProxyHost.StartAsync(ProxyHost.Backends(backend), [80]);
        var settings = new JwtSettings("https://issuer.test", ["store-api"], $"{jwks.Urls.First()}/jwks", [new HeaderValue("sub", "X-User")]);
        var entry = Entry("r", Prefix("/"), Service("v1")) with
        {
            Policies = [new AppliedPolicy("proxypolicy/infra/jwt", PolicyType.JWT, PolicyOrigin.Route, false, Mark, Jwt: settings)],
        };
        await proxy.ApplyAsync(Of(Http(80, Host("*", entry))));
        using var client = proxy.Client(80);

        var valid = await SendAsync(client, Sign(key, "store-api"));
        var missing = await SendAsync(client, null);
        var wrongAudience = await SendAsync(client, Sign(key, "other-api"));
        using var strangerRsa = RSA.Create(2048);
        var stranger = await SendAsync(client, Sign(new RsaSecurityKey(strangerRsa) { KeyId = "k1" }, "store-api"));

        Assert.Equal(HttpStatusCode.OK, valid);
        Assert.Equal(HttpStatusCode.Unauthorized, missing);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAudience);
        Assert.Equal(HttpStatusCode.Unauthorized, stranger);
        var seen = Assert.Single(backend.Seen);
        Assert.Equal("alice", seen.Headers["X-User"]);
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/private");
        request.Headers.Add("X-User", "forged");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request, Token);
        return response.StatusCode;
    }

    private static string Sign(SecurityKey key, string audience) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "https://issuer.test",
        Audience = audience,
        Claims = new Dictionary<string, object> { ["sub"] = "alice" },
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
    });

    private static async Task<WebApplication> StartJwksAsync(RSA rsa, string keyId)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var json = $$"""{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{keyId}}","n":"{{Base64UrlEncoder.Encode(parameters.Modulus)}}","e":"{{Base64UrlEncoder.Encode(parameters.Exponent)}}"}]}""";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync(json, context.RequestAborted));
        await app.StartAsync(Token);
        return app;
    }
}
