using GitGateway.Soak;

var options = SoakOptions.Parse(args);
await new SoakRun(options, Console.Out).RunAsync();
