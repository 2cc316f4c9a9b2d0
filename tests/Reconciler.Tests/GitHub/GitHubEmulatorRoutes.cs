using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GitGateway.Reconciler.Tests.GitHub;

/// <summary>The emulator's endpoints, each shaped after its page in https://docs.github.com/en/rest.</summary>
internal static class GitHubEmulatorRoutes
{
    private const int MaxCommentLength = 65536;
    private const int MaxAnnotationsPerRequest = 50;

    public static void Map(WebApplication app, GitHubEmulator e)
    {
        // https://docs.github.com/en/rest/issues/comments#list-issue-comments
        app.MapGet("/repos/{owner}/{repo}/issues/{number:int}/comments", (HttpContext context, int number, int? per_page, int? page) =>
        {
            lock (e.Gate)
            {
                var all = e.Comments.GetValueOrDefault(number) ?? [];
                return Results.Json(GitHubEmulator.Page(context, all, per_page, page).Select(ToJson).ToList());
            }
        });

        // https://docs.github.com/en/rest/issues/comments#create-an-issue-comment
        app.MapPost("/repos/{owner}/{repo}/issues/{number:int}/comments", async (int number, HttpRequest request) =>
        {
            var body = (string?)(await GitHubEmulator.ReadBodyAsync(request))["body"];
            if (body is null || body.Length > MaxCommentLength)
            {
                return GitHubEmulator.Unprocessable("Body is too long (maximum is 65536 characters)");
            }

            lock (e.Gate)
            {
                var comment = new EmulatedComment(e.NextId(), body, e.LoginOf(request)!);
                if (!e.Comments.TryGetValue(number, out var list))
                {
                    e.Comments[number] = list = [];
                }

                list.Add(comment);
                return Results.Json(ToJson(comment), statusCode: 201);
            }
        });

        // https://docs.github.com/en/rest/issues/comments#update-an-issue-comment
        app.MapMethods("/repos/{owner}/{repo}/issues/comments/{id:long}", ["PATCH"], async (long id, HttpRequest request) =>
        {
            var body = (string?)(await GitHubEmulator.ReadBodyAsync(request))["body"];
            if (body is null || body.Length > MaxCommentLength)
            {
                return GitHubEmulator.Unprocessable("Body is too long (maximum is 65536 characters)");
            }

            lock (e.Gate)
            {
                var comment = e.Comments.Values.SelectMany(c => c).FirstOrDefault(c => c.Id == id);
                if (comment is null)
                {
                    return Results.Json(new { message = "Not Found" }, statusCode: 404);
                }

                if (comment.Login != e.LoginOf(request))
                {
                    // GitHub lets a repository admin edit anyone's comment; the emulator records it as a fault instead.
                    e.ForeignEdits++;
                }

                comment.Body = body;
                comment.Edits++;
                return Results.Json(ToJson(comment));
            }
        });

        // https://docs.github.com/en/rest/commits/statuses#create-a-commit-status
        app.MapPost("/repos/{owner}/{repo}/statuses/{sha}", async (string sha, HttpRequest request) =>
        {
            var b = await GitHubEmulator.ReadBodyAsync(request);
            var state = (string?)b["state"];
            var description = (string?)b["description"];
            if (state is not ("error" or "failure" or "pending" or "success") || description?.Length > 140)
            {
                return GitHubEmulator.Unprocessable("Validation Failed");
            }

            lock (e.Gate)
            {
                e.Statuses.Add(new EmulatedStatus(sha, state, (string?)b["context"] ?? "default", description, (string?)b["target_url"]));
            }

            return Results.Json(new { id = e.NextId(), state, context = (string?)b["context"] ?? "default", description }, statusCode: 201);
        });

        MapCheckRuns(app, e);
        MapPullsAndApp(app, e);
    }

    private static void MapCheckRuns(WebApplication app, GitHubEmulator e)
    {
        // https://docs.github.com/en/rest/checks/runs#create-a-check-run
        app.MapPost("/repos/{owner}/{repo}/check-runs", async (HttpRequest request) =>
        {
            var b = await GitHubEmulator.ReadBodyAsync(request);
            if ((string?)b["name"] is not { } name || (string?)b["head_sha"] is not { } sha)
            {
                return GitHubEmulator.Unprocessable("name and head_sha are required");
            }

            var run = new EmulatedCheckRun(e.NextId(), name, sha);
            var error = Apply(run, b);
            if (error is not null)
            {
                return error;
            }

            lock (e.Gate)
            {
                e.CheckRuns.Add(run);
            }

            return Results.Json(ToJson(run), statusCode: 201);
        });

        // https://docs.github.com/en/rest/checks/runs#update-a-check-run (annotations are appended)
        app.MapMethods("/repos/{owner}/{repo}/check-runs/{id:long}", ["PATCH"], async (long id, HttpRequest request) =>
        {
            var b = await GitHubEmulator.ReadBodyAsync(request);
            EmulatedCheckRun? run;
            lock (e.Gate)
            {
                run = e.CheckRuns.FirstOrDefault(r => r.Id == id);
            }

            return run is null ? Results.Json(new { message = "Not Found" }, statusCode: 404) : Apply(run, b) ?? Results.Json(ToJson(run));
        });
    }

    private static void MapPullsAndApp(WebApplication app, GitHubEmulator e)
    {
        // https://docs.github.com/en/rest/pulls/pulls#list-pull-requests
        app.MapGet("/repos/{owner}/{repo}/pulls", (HttpContext context, string? state, int? per_page, int? page) =>
        {
            lock (e.Gate)
            {
                var wanted = state ?? "open";
                var all = e.PullRequests.Where(p => wanted == "all" || (string?)p["state"] == wanted).ToList();
                return Results.Json(GitHubEmulator.Page(context, all, per_page, page).Select(p => p.DeepClone()).ToList());
            }
        });

        // https://docs.github.com/en/rest/users/users#get-the-authenticated-user
        app.MapGet("/user", (HttpRequest request) => Results.Json(new { login = e.LoginOf(request), id = 1, type = "User" }));

        // https://docs.github.com/en/rest/apps/apps#get-the-authenticated-app (app JWT)
        app.MapGet("/app", (HttpRequest request) =>
        {
            var header = request.Headers.Authorization.ToString();
            return header.StartsWith("Bearer ", StringComparison.Ordinal) && e.VerifyAppJwt(header[7..])
                ? Results.Json(new { id = 4242, slug = e.AppSlug, name = "GitGateway" })
                : Results.Json(new { message = "A JSON web token could not be decoded" }, statusCode: 401);
        });

        // https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request
        app.MapGet("/repos/{owner}/{repo}/pulls/{number:int}", (int number) =>
        {
            lock (e.Gate)
            {
                var pr = e.PullRequests.FirstOrDefault(p => (int)p["number"]! == number);
                return pr is null ? Results.Json(new { message = "Not Found" }, statusCode: 404) : Results.Json(pr.DeepClone());
            }
        });

        // https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app
        app.MapPost("/app/installations/{id:long}/access_tokens", (long id, HttpRequest request) =>
        {
            var header = request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !e.VerifyAppJwt(header[7..]))
            {
                return Results.Json(new { message = "A JSON web token could not be decoded" }, statusCode: 401);
            }

            var token = $"ghs_emulated{id}_{e.NextId()}";
            e.InstallationTokens[token] = true;
            return Results.Json(new { token, expires_at = DateTimeOffset.UtcNow.AddHours(1).ToString("O") }, statusCode: 201);
        });
    }

    private static IResult? Apply(EmulatedCheckRun run, JsonObject b)
    {
        var output = b["output"] as JsonObject;
        var annotations = output?["annotations"] as JsonArray ?? [];
        if (annotations.Count > MaxAnnotationsPerRequest)
        {
            return GitHubEmulator.Unprocessable("Only 50 annotations are allowed per request");
        }

        run.Status = (string?)b["status"] ?? run.Status;
        run.Conclusion = (string?)b["conclusion"] ?? run.Conclusion;
        run.DetailsUrl = (string?)b["details_url"] ?? run.DetailsUrl;
        if (output is not null)
        {
            run.Title = (string?)output["title"] ?? run.Title;
            run.Summary = (string?)output["summary"] ?? run.Summary;
            run.Text = (string?)output["text"] ?? run.Text;
            run.Annotations.AddRange(annotations.Select(a => a!.AsObject().DeepClone().AsObject()));
            run.AnnotationBatches.Add(annotations.Count);
        }

        return null;
    }

    private static JsonObject ToJson(EmulatedComment c) => new()
    {
        ["id"] = c.Id,
        ["body"] = c.Body,
        ["html_url"] = $"https://github.example/comments/{c.Id}",
        ["user"] = new JsonObject { ["login"] = c.Login },
    };

    private static JsonObject ToJson(EmulatedCheckRun r) => new()
    {
        ["id"] = r.Id,
        ["name"] = r.Name,
        ["head_sha"] = r.HeadSha,
        ["status"] = r.Status,
        ["conclusion"] = r.Conclusion,
    };
}
