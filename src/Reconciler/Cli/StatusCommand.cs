using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GitGateway.Reconciler.Cli;

/// <summary>
/// <c>gitgateway status [--control-plane URL] [--repository NAME] [--token-file F] [--output table|json]</c>: what a
/// control plane applied and how each node stands against it, for a person (issue 15): the applied revision, each
/// node with the plan it serves, readiness, drift and how long it has been behind, and the repairs under way. Exits
/// <see cref="CliOptions.Ok"/> when every node is in sync, <see cref="CliOptions.Drifting"/> while one drifts, and
/// <see cref="CliOptions.Failure"/> when the command line is wrong or the control plane cannot be asked.
/// </summary>
internal static class StatusCommand
{
    /// <summary>Where <c>gitgateway serve</c> listens by default.</summary>
    public const string DefaultControlPlane = "http://127.0.0.1:8080";

    // The status of a control plane with many nodes is large, not unbounded.
    private const int MaxBody = 16 << 20;

    public static Command Create()
    {
        var controlPlane = new Option<string>("--control-plane")
        {
            Description = $"The control plane's URL (default: GITGATEWAY_CONTROL_PLANE, else {DefaultControlPlane}).",
        };
        var repository = new Option<string?>("--repository") { Description = "The repository (default: the control plane's default one)." };
        var tokenFile = new Option<string?>("--token-file") { Description = "A file holding the node token (default: GITGATEWAY_NODE_TOKEN)." };
        var output = CliOptions.Output("table", "json");
        var command = new Command("status", "Show the applied revision and each node's drift; exits 3 while a node drifts.") { controlPlane, repository, tokenFile, output };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var url = parse.GetValue(controlPlane) ?? Environment.GetEnvironmentVariable("GITGATEWAY_CONTROL_PLANE") ?? DefaultControlPlane;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                error.WriteLine("gitgateway status: --control-plane must be an http(s) URL like " + DefaultControlPlane);
                return CliOptions.Failure;
            }

            var token = parse.GetValue(tokenFile) is { } file ? (await File.ReadAllTextAsync(file, ct)).Trim() : Environment.GetEnvironmentVariable("GITGATEWAY_NODE_TOKEN") ?? "";
            var (body, problem) = await FetchAsync(baseUri, token, ct);
            if (body is null)
            {
                error.WriteLine("gitgateway status: " + problem);
                return CliOptions.Failure;
            }

            using (body)
            {
                if (StatusView.Select(body.RootElement, parse.GetValue(repository)) is not { } view)
                {
                    error.WriteLine($"gitgateway status: the control plane shows no repository '{parse.GetValue(repository)}' to this token");
                    return CliOptions.Failure;
                }

                parse.InvocationConfiguration.Output.Write(parse.GetValue(output) == "json" ? view.Json() : view.Table());
                return view.InSync ? CliOptions.Ok : CliOptions.Drifting;
            }
        });
        return command;
    }

    private static async Task<(JsonDocument? Body, string? Problem)> FetchAsync(Uri baseUri, string token, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30), MaxResponseContentBufferSize = MaxBody };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "v1/status"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"{baseUri} answered {(int)response.StatusCode} {response.ReasonPhrase}" + (response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? " (give the node token: --token-file or GITGATEWAY_NODE_TOKEN)" : ""));
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return (JsonDocument.Parse(text), null);
        }
        catch (HttpRequestException e)
        {
            return (null, $"cannot reach {baseUri}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"{baseUri} did not answer within 30 s");
        }
        catch (JsonException e)
        {
            return (null, $"{baseUri} did not answer with a status: {e.Message}");
        }
    }
}
