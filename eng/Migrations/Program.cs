using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using OpenBooking.Tools.Data;

// Scaffolds EF Core migrations for OpenBookingDbContext with EF's own migrations scaffolder (the code behind
// `dotnet ef migrations add`), called in-process because the EF Core CLI's design package does not restore here.
// Scaffolding compares the model with the model snapshot compiled into OpenBooking.Tools: no database is used.

const string RootNamespace = "OpenBooking.Tools";
const string SubNamespace = "Data.Migrations";

var command = args.FirstOrDefault();
var repoRoot = FindRepoRoot();
var projectDir = Path.Combine(repoRoot, "OpenBooking.Tools");
var outputDir = Path.Combine(projectDir, "Data", "Migrations");

switch (command)
{
    case "add" when args.Length == 2:
        return Add(args[1]);
    case "remove" when args.Length == 1:
        return Remove();
    case "list" when args.Length == 1:
        return List();
    default:
        Console.Error.WriteLine("""
            Usage: dotnet run --project eng/Migrations -- add <Name>   scaffold a migration for the model's changes
                   dotnet run --project eng/Migrations -- remove       delete the last migration, roll back the snapshot
                   dotnet run --project eng/Migrations -- list         the migrations compiled into OpenBooking.Tools
            """);
        return 2;
}

int Add(string name)
{
    using var scope = DesignTimeServices(out _);
    var scaffolder = scope.ServiceProvider.GetRequiredService<IMigrationsScaffolder>();
    var migration = scaffolder.ScaffoldMigration(name, RootNamespace, SubNamespace, language: "C#");
    var files = scaffolder.Save(projectDir, migration, outputDir);
    Console.WriteLine($"Added migration {migration.MigrationId}:");
    Console.WriteLine($"  {Path.GetRelativePath(repoRoot, files.MigrationFile!)}");
    Console.WriteLine($"  {Path.GetRelativePath(repoRoot, files.MetadataFile!)}");
    Console.WriteLine($"  {Path.GetRelativePath(repoRoot, files.SnapshotFile!)}");
    return 0;
}

int Remove()
{
    using var scope = DesignTimeServices(out _);
    var scaffolder = scope.ServiceProvider.GetRequiredService<IMigrationsScaffolder>();
    // force: the scaffolding database is an empty in-memory one, so there is nothing applied to revert.
    var files = scaffolder.RemoveMigration(projectDir, RootNamespace, force: true, language: "C#");
    foreach (var file in new[] { files.MigrationFile, files.MetadataFile, files.SnapshotFile })
    {
        if (file is not null)
        {
            Console.WriteLine($"  {Path.GetRelativePath(repoRoot, file)}");
        }
    }

    return 0;
}

int List()
{
    using var scope = DesignTimeServices(out var context);
    foreach (var id in context.Database.GetMigrations())
    {
        Console.WriteLine(id);
    }

    return 0;
}

IServiceScope DesignTimeServices(out OpenBookingDbContext context)
{
    // The context is built the way the app builds it (DI, Sqlite provider) but on an in-memory database.
    var appServices = new ServiceCollection()
        .AddDbContext<OpenBookingDbContext>(o => o.UseSqlite("Data Source=:memory:"))
        .BuildServiceProvider();
    var appScope = appServices.CreateScope();
    context = appScope.ServiceProvider.GetRequiredService<OpenBookingDbContext>();

    var reporter = new OperationReporter(new OperationReportHandler(
        errorHandler: m => Console.Error.WriteLine($"error: {m}"),
        warningHandler: m => Console.Error.WriteLine($"warning: {m}"),
        informationHandler: Console.WriteLine,
        verboseHandler: null));
    var designServices = new DesignTimeServicesBuilder(
            assembly: typeof(OpenBookingDbContext).Assembly,
            startupAssembly: Assembly.GetExecutingAssembly(),
            reporter,
            args: [])
        .Build(context);
    return new Scopes(appScope, designServices.CreateScope());
}

static string FindRepoRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenBooking.sln")))
            {
                return dir.FullName;
            }
        }
    }

    throw new InvalidOperationException("OpenBooking.sln not found above the current directory.");
}

/// <summary>Disposes the design-time scope, then the app scope that owns the DbContext.</summary>
internal sealed class Scopes(IServiceScope app, IServiceScope design) : IServiceScope
{
    public IServiceProvider ServiceProvider => design.ServiceProvider;

    public void Dispose()
    {
        design.Dispose();
        app.Dispose();
    }
}
