using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// What the operator commands that call a running control plane share (<c>pause</c>, <c>resume</c>,
/// <c>node forget</c>): its URL, the repository, the node token (from <c>--token-file</c> or
/// <c>GITGATEWAY_NODE_TOKEN</c>), and one authenticated request whose answer is printed.
/// </summary>
internal sealed class ControlPlaneCall
{
    public Option<string> ControlPlane { get; } = new("--control-plane") { Description = "The control plane's URL (http or https).", Required = true };

    public Option<string?> Repository { get; } = new("--repository") { Description = "The repository (default: the control plane's default one)." };

    public Option<string?> TokenFile { get; } = new("--token-file") { Description = "A file holding the node token (default: GITGATEWAY_NODE_TOKEN)." };

    /// <summary>
    /// Sends <paramref name="method"/> to <c>v1/[repos/NAME/]</c><paramref name="path"/> and prints the answer: a
    /// success to the output (the JSON as sent with <paramref name="json"/>, else one line for a person), anything else
    /// as the body to the error stream.
    /// </summary>
    public async Task<int> SendAsync(ParseResult parse, string commandName, HttpMethod method, string path, bool json, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(parse.GetRequiredValue(ControlPlane), UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            parse.InvocationConfiguration.Error.WriteLine($"gitgateway {commandName}: --control-plane must be an http(s) URL like http://127.0.0.1:8080");
            return CliOptions.Failure;
        }

        var token = parse.GetValue(TokenFile) is { } file ? (await File.ReadAllTextAsync(file, cancellationToken)).Trim() : Environment.GetEnvironmentVariable("GITGATEWAY_NODE_TOKEN") ?? "";
        var prefix = parse.GetValue(Repository) is { } name ? $"v1/repos/{Uri.EscapeDataString(name)}/" : "v1/";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(method, new Uri(baseUri, prefix + path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var text = body.Length > 0 && (json || !response.IsSuccessStatusCode) ? body : Describe(body, response);
            (response.IsSuccessStatusCode ? parse.InvocationConfiguration.Output : parse.InvocationConfiguration.Error).WriteLine(text);
            return response.IsSuccessStatusCode ? CliOptions.Ok : CliOptions.Failure;
        }
        catch (HttpRequestException e)
        {
            parse.InvocationConfiguration.Error.WriteLine($"gitgateway {commandName}: {e.Message}");
            return CliOptions.Failure;
        }
    }

    /// <summary>The control plane's JSON answer as one line for a person: <c>paused main: reason</c>, <c>forgotten node edge-3 of main</c>.</summary>
    private static string Describe(string body, HttpResponseMessage response)
    {
        try
        {
            using var answer = JsonDocument.Parse(body);
            var root = answer.RootElement;
            var node = root.TryGetProperty("node", out var n) ? $" node {n.GetString()} of" : "";
            var line = $"{root.GetProperty("status").GetString()}{node} {root.GetProperty("repository").GetString()}";
            return root.TryGetProperty("reason", out var why) ? $"{line}: {why.GetString()}" : line;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body.Length > 0 ? body : $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
    }
}
