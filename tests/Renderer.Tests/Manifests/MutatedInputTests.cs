using System.Text;
using GitGateway.Plan.Serialization;
using GitGateway.Renderer.Rendering;

namespace GitGateway.Renderer.Tests.Manifests;

/// <summary>Randomly damaged copies of a valid repository (fixed seeds) never make the renderer throw.</summary>
public sealed class MutatedInputTests
{
    private static readonly string Valid = Yaml.Class + Yaml.Service("svc") + Yaml.Gateway(Yaml.Http() + Yaml.Http("h2", 8080, hostname: "*.example.com"))
        + Yaml.Route("r", Yaml.Parent() + """
              hostnames: [a.example.com]
              rules:
              - matches: [{path: {type: RegularExpression, value: "/x/[0-9]+"}, headers: [{name: h, value: v}]}]
                filters: [{type: RequestMirror, requestMirror: {backendRef: {name: svc, port: 8080}, fraction: {numerator: 1, denominator: 4}}}]
                timeouts: {request: 5s}
                backendRefs: [{name: svc, port: 8080, weight: 3}, {name: gone, port: 1}]

            """);

    private const string Noise = "-:[]{}&*!|>'\"#%@`, \n\t";

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Render_RandomlyDamagedInput_NeverThrowsAndIsDeterministic(int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(Valid);
        for (var i = 0; i < 1 + (seed % 8); i++)
        {
            var at = random.Next(text.Length);
            switch (random.Next(3))
            {
                case 0:
                    text.Remove(at, Math.Min(1 + random.Next(6), text.Length - at));
                    break;
                case 1:
                    text.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
                default:
                    text[at] = (char)random.Next(32, 127);
                    break;
            }
        }

        var files = new[] { ("damaged.yaml", text.ToString()) };
        var first = Files.Render(files);
        var second = Files.Render(files);
        Assert.Equal(PlanJson.ToCanonicalBytes(first.Plan), PlanJson.ToCanonicalBytes(second.Plan));
        Assert.Equal(first.Diagnostics, second.Diagnostics);
        Assert.All(first.Diagnostics, d => Assert.Equal("damaged.yaml", d.File));
    }

    [Fact]
    public void Render_UndamagedInput_OnlyTheBrokenBackendIsReported()
    {
        var result = Files.Render(("ok.yaml", Valid));
        Assert.Equal(["BackendNotFound"], result.Diagnostics.Select(d => d.Code));
        Assert.Equal(2, result.Plan.Listeners.Count);
        Assert.IsType<RenderResult>(result);
    }
}
