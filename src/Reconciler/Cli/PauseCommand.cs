using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// <c>gitgateway pause|resume --control-plane URL [--repository NAME] [--reason TEXT]</c>: the kill switch. Pause holds
/// every apply of the repository (a canary bake in progress halts and returns to the last good plan) until resume.
/// The bearer token is the repository's node token, from <c>--token-file</c> or <c>GITGATEWAY_NODE_TOKEN</c>.
/// </summary>
internal static class PauseCommand
{
    public static Command Create(bool pause)
    {
        var controlPlane = new Option<string>("--control-plane") { Description = "The control plane's URL (http or https).", Required = true };
        var repository = new Option<string?>("--repository") { Description = "The repository (default: the control plane's default one)." };
        var tokenFile = new Option<string?>("--token-file") { Description = "A file holding the node token (default: GITGATEWAY_NODE_TOKEN)." };
        var reason = new Option<string?>("--reason") { Description = "Why (shown in /v1/status and on held commits' apply checks)." };
        var output = CliOptions.Output("text", "json");
        var command = pause
            ? new Command("pause", "Pause every apply of a repository until resume (the kill switch).") { controlPlane, repository, tokenFile, reason, output }
            : new Command("resume", "Resume applies of a repository, applying the head of its target branch.") { controlPlane, repository, tokenFile, output };
        command.SetAction(async (parse, ct) =>
        {
            if (!Uri.TryCreate(parse.GetRequiredValue(controlPlane), UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                parse.InvocationConfiguration.Error.WriteLine($"gitgateway {command.Name}: --control-plane must be an http(s) URL like http://127.0.0.1:8080");
                return CliOptions.Failure;
            }

            var token = parse.GetValue(tokenFile) is { } file ? (await File.ReadAllTextAsync(file, ct)).Trim() : Environment.GetEnvironmentVariable("GITGATEWAY_NODE_TOKEN") ?? "";
            var prefix = parse.GetValue(repository) is { } name ? $"v1/repos/{Uri.EscapeDataString(name)}/" : "v1/";
            var query = pause && parse.GetValue(reason) is { } why ? "?reason=" + Uri.EscapeDataString(why) : "";
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, prefix + (pause ? "pause" : "resume") + query));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            try
            {
                using var response = await http.SendAsync(request, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                var text = body.Length > 0 && (parse.GetValue(output) == "json" || !response.IsSuccessStatusCode) ? body : Describe(body, response);
                (response.IsSuccessStatusCode ? parse.InvocationConfiguration.Output : parse.InvocationConfiguration.Error).WriteLine(text);
                return response.IsSuccessStatusCode ? CliOptions.Ok : CliOptions.Failure;
            }
            catch (HttpRequestException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"gitgateway {command.Name}: {e.Message}");
                return CliOptions.Failure;
            }
        });
        return command;
    }

    /// <summary>The control plane's JSON answer as one line for a person: <c>paused main: reason</c>.</summary>
    private static string Describe(string body, HttpResponseMessage response)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var line = $"{root.GetProperty("status").GetString()} {root.GetProperty("repository").GetString()}";
            return root.TryGetProperty("reason", out var why) ? $"{line}: {why.GetString()}" : line;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body.Length > 0 ? body : $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
    }
}
