using GitGateway.Vip.Announcing;
using GitGateway.Vip.CommandLine;
using GitGateway.VipHost;

var commandLine = new VipHostCommandLine();
var parse = commandLine.Parse(args);
if (NodeCommandLine.Answer(parse, "gitgateway-vip", Console.Out, Console.Error) is { } exit)
{
    return exit;
}

var options = commandLine.Read(parse);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.WithdrawDelay + TimeSpan.FromSeconds(10));
builder.WebHost.ConfigureKestrel(k =>
{
    if (options.StatusPort is { } port)
    {
        k.Listen(options.StatusAddress, port);
    }
});
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => new AnnouncerHost(
    options.Announcer,
    options.WithdrawDelay,
    options.AlwaysReady ? ProxyReadiness.AlwaysReady : ProxyReadiness.NotReady,
    TimeProvider.System,
    sp.GetRequiredService<ILoggerFactory>()));
builder.Services.AddSingleton(sp => new PlanFileWatcher(options.PlanPath, sp.GetRequiredService<AnnouncerHost>().Announcer, options.Announcer, options.MinVips, options.PollInterval, TimeProvider.System, sp.GetRequiredService<ILogger<PlanFileWatcher>>()));
if (options.ReadyUrl is { } url)
{
    builder.Services.AddHttpClient();
    builder.Services.AddSingleton(sp => new HttpReadinessPoller(
        sp.GetRequiredService<IHttpClientFactory>().CreateClient(), url, sp.GetRequiredService<AnnouncerHost>().Readiness, options.PollInterval, TimeProvider.System, sp.GetRequiredService<ILogger<HttpReadinessPoller>>()));
}

builder.Services.AddHostedService(sp => new AnnouncerService(sp.GetRequiredService<AnnouncerHost>(), sp.GetRequiredService<PlanFileWatcher>(), sp.GetService<HttpReadinessPoller>()));

var app = builder.Build();
var host = app.Services.GetRequiredService<AnnouncerHost>();
app.MapGet("/status", () => Results.Text(host.StatusJson(), "application/json"));
app.MapGet("/metrics", () => Results.Text(host.Metrics(), "text/plain; version=0.0.4"));
app.MapGet("/healthz", () => Results.Text("ok"));
await app.RunAsync();
return 0;
