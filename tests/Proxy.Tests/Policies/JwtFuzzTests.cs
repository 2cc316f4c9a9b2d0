using System.Net;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using GitGateway.Plan.Model;
using GitGateway.Proxy.Policies;
using GitGateway.Proxy.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GitGateway.Proxy.Tests.Policies;

/// <summary>
/// The JWT policy parses a bearer token from any client and a JWKS from the issuer's endpoint. A mutated token is
/// refused or, if still accepted, forwards only the claims the issuer signed; a mutated JWKS gives keys or none,
/// never an exception out of the request.
/// </summary>
public sealed class JwtFuzzTests : IDisposable
{
    private const string Issuer = "https://issuer.test";
    private static readonly JwtSettings Settings = new(Issuer, ["store-api"], "https://issuer.test/jwks", [new HeaderValue("sub", "X-User")]);
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
    }

    [Fact]
    public void Validate_MutatedTokens_RefusedOrForwardingOnlySignedClaims()
    {
        var validator = Validator(Jwks());
        var rsa = new RsaSecurityKey(_rsa) { KeyId = "rsa" };
        string[] tokens =
        [
            Sign(rsa, SecurityAlgorithms.RsaSha256),
            Sign(new ECDsaSecurityKey(_ec) { KeyId = "ec" }, SecurityAlgorithms.EcdsaSha256),
            Sign(rsa, SecurityAlgorithms.RsaSha256, expires: DateTime.UtcNow.AddMinutes(-10)),
            "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJtYWxsb3J5IiwiaXNzIjoiaHR0cHM6Ly9pc3N1ZXIudGVzdCIsImF1ZCI6InN0b3JlLWFwaSJ9.",
        ];
        Assert.Equal("alice", Validate(validator, tokens[0]));
        Assert.Equal("alice", Validate(validator, tokens[1]));
        Assert.Null(Validate(validator, tokens[3]));

        // Mutated as text, and mutated inside a decoded header or payload so the JSON readers get the damage.
        var seeds = tokens.Select(Encoding.ASCII.GetBytes).ToArray();
        var segments = Gen.Select(Gen.Int[0, tokens.Length - 1], Gen.Int[0, 1], Mutations.Of(tokens.SelectMany(t => t.Split('.').Take(2)).Select(Base64UrlEncoder.DecodeBytes).ToArray()))
            .Select(t => Replace(tokens[t.Item1], t.Item2, t.Item3));
        Gen.Frequency((1, Mutations.Of(seeds).Select(Encoding.Latin1.GetString)), (1, segments)).Sample(
            token =>
            {
                var forwarded = Validate(validator, token);
                Assert.True(forwarded is null or "alice", $"forwarded sub {forwarded}");
            },
            iter: Mutations.Iterations(3_000));
    }

    [Fact]
    public void Keys_MutatedJwks_KeysOrNoneNeverThrows() =>
        Mutations.Of([Jwks(), "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"},{\"kty\":\"RSA\",\"n\":\"\",\"e\":\"AQAB\",\"x5c\":[\"MIIB\"]}]}"u8.ToArray()]).Sample(
            document =>
            {
                var cache = new JwksCache(new HttpMessageInvoker(new Answer(document)), TimeProvider.System, NullLogger<JwksCache>.Instance);
                var keys = cache.KeysAsync(Settings.JwksUri, unknownKey: false, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();
                Assert.NotNull(keys);
            },
            iter: Mutations.Iterations(2_000));

    [Theory]
    [InlineData(JwksCache.MaxDocumentBytes, 2)]
    [InlineData(JwksCache.MaxDocumentBytes + 1, 0)]
    public async Task Keys_JwksPaddedToASize_TakenOnlyWithinTheLimit(int size, int expectedKeys)
    {
        var document = Jwks();
        byte[] padded = [.. document, .. Enumerable.Repeat((byte)' ', size - document.Length)];
        var cache = new JwksCache(new HttpMessageInvoker(new Answer(padded)), TimeProvider.System, NullLogger<JwksCache>.Instance);

        var keys = await cache.KeysAsync(Settings.JwksUri, unknownKey: false, TestContext.Current.CancellationToken);

        Assert.Equal(expectedKeys, keys.Count);
    }

    private static string? Validate(JwtValidator validator, string token)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + token;
        context.Request.Headers["X-User"] = "forged";
        var accepted = validator.ValidateAsync(context).AsTask().GetAwaiter().GetResult();
        var forwarded = context.Request.Headers["X-User"].ToString();
        Assert.True(accepted || forwarded.Length == 0, "a refused request keeps no forged claim header");
        return accepted ? forwarded : null;
    }

    private static string Replace(string token, int segment, byte[] bytes)
    {
        var parts = token.Split('.');
        parts[segment] = Base64UrlEncoder.Encode(bytes);
        return string.Join('.', parts);
    }

    private static JwtValidator Validator(byte[] jwks) =>
        new("proxypolicy/infra/jwt", Settings, new JwksCache(new HttpMessageInvoker(new Answer(jwks)), TimeProvider.System, NullLogger<JwksCache>.Instance), TimeProvider.System);

    private static string Sign(SecurityKey key, string algorithm, DateTime? expires = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = "store-api",
        Claims = new Dictionary<string, object> { ["sub"] = "alice", ["scope"] = "read write" },
        NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(5)).AddMinutes(-20),
        Expires = expires ?? DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(key, algorithm),
    });

    private byte[] Jwks()
    {
        var rsa = _rsa.ExportParameters(includePrivateParameters: false);
        var ec = _ec.ExportParameters(includePrivateParameters: false);
        return Encoding.UTF8.GetBytes($$"""
            {"keys":[
              {"kty":"RSA","use":"sig","alg":"RS256","kid":"rsa","n":"{{Base64UrlEncoder.Encode(rsa.Modulus)}}","e":"{{Base64UrlEncoder.Encode(rsa.Exponent)}}"},
              {"kty":"EC","use":"sig","alg":"ES256","kid":"ec","crv":"P-256","x":"{{Base64UrlEncoder.Encode(ec.Q.X)}}","y":"{{Base64UrlEncoder.Encode(ec.Q.Y)}}"}
            ]}
            """);
    }

    /// <summary>The issuer's endpoint: answers every request with the same document.</summary>
    private sealed class Answer(byte[] document) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(document) });
    }
}
