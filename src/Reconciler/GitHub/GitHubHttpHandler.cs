using System.Text.Json;
using Octokit.Internal;

namespace GitGateway.Reconciler.GitHub;

/// <summary>
/// The bottom of Octokit's HTTP stack for one call: sends each request Octokit builds through the shared
/// <see cref="HttpClient"/> (its connection pool and timeout), bound to the caller's <see cref="CancellationToken"/>
/// even where Octokit 14 has no overload that takes one (PATCH), with GitHub's API version header, and reads at
/// most <see cref="MaxAnswerBytes"/> of an answer: a hostile or broken server cannot make us buffer without end.
/// A JSON answer is checked before Octokit parses it: Octokit's parser recurses once per nesting level with no
/// limit, so a few hundred kilobytes of <c>[</c> would overflow the stack and end the process.
/// </summary>
internal sealed partial class GitHubHttpHandler(HttpClient http, ILogger logger, CancellationToken callCancellation) : HttpMessageHandler
{
    /// <summary>A page of 100 pull requests is a few megabytes; anything far larger is not an answer we read.</summary>
    public const long MaxAnswerBytes = 32 * 1024 * 1024;

    /// <summary>GitHub's payloads nest a handful of levels; System.Text.Json's default limit is ample.</summary>
    public const int MaxJsonDepth = 64;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, callCancellation);
        if (http.Timeout != Timeout.InfiniteTimeSpan)
        {
            // The shared client's timeout covers only the headers when the body is read here: cover both.
            linked.CancelAfter(http.Timeout);
        }

        // Octokit's own HttpClient has marked the message as sent; the shared client needs one it has not seen.
        using var copy = await HttpClientAdapter.CloneHttpRequestMessageAsync(request);
        copy.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", "2022-11-28");
        if (copy.Content is { } content)
        {
            // Every body Octokit sends for us is JSON; its PATCH overloads label it form-encoded.
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        var response = await http.SendAsync(copy, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        try
        {
            var body = await ReadBoundedAsync(response.Content, linked.Token);
            var safe = IsSafeJson(response.Content, body);
            if (!safe && response.IsSuccessStatusCode)
            {
                throw new InvalidDataException($"the answer is not JSON nested at most {MaxJsonDepth} deep");
            }

            // An error whose body cannot be read safely is still that error, without GitHub's message.
            var buffered = new ByteArrayContent(safe ? body : []);
            foreach (var header in response.Content.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = buffered;
        }
        catch
        {
            response.Dispose();
            throw;
        }

        LogAnswer(logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? "", (int)response.StatusCode);
        return response;
    }

    /// <summary>The whole body, or <see cref="InvalidDataException"/> past <see cref="MaxAnswerBytes"/>.</summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxAnswerBytes)
        {
            throw new InvalidDataException($"the answer is larger than {MaxAnswerBytes} bytes");
        }

        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxAnswerBytes)
                {
                    throw new InvalidDataException($"the answer is larger than {MaxAnswerBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (IOException e)
        {
            // The answer broke off: like no answer at all, worth asking again.
            throw new HttpRequestException("GitHub's answer broke off", e);
        }
    }

    private static bool IsSafeJson(HttpContent content, byte[] body)
    {
        if (body.Length == 0 || content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return true;
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxJsonDepth });
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "GitHub {Method} {Path} answered {Status}")]
    private static partial void LogAnswer(ILogger logger, string method, string path, int status);
}
