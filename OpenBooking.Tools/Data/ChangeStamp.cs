using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OpenBooking.Tools.Data;

/// <summary>
/// A counter that the database itself raises, by triggers, whenever the data behind an in-process cache changes, so
/// that every instance sharing the database notices a change another one made (see <see cref="ChangeStampWatcher"/>)
/// by reading two small rows, without re-reading the data.
/// </summary>
public sealed class ChangeStamp
{
    /// <summary>The services and closures (<see cref="CatalogVersion"/>).</summary>
    public const string Catalog = "catalog";

    /// <summary>The settings edited in the dashboard (<see cref="AppSetting"/>, read by <see cref="DatabaseSettingsProvider"/>).</summary>
    public const string Settings = "settings";

    public required string Name { get; set; }
    public long Version { get; set; }

    /// <summary>The tables whose every insert, update or delete raises a stamp.</summary>
    private static readonly (string Table, string Stamp)[] Watched =
    [
        ("Services", Catalog),
        ("Closures", Catalog),
        ("AppSettings", Settings),
    ];

    /// <summary>
    /// One trigger per table and statement kind. SQLite drops a table's triggers with the table: a migration that
    /// rebuilds one of <see cref="Watched"/> must call this again afterwards.
    /// </summary>
    public static void CreateSqliteTriggers(MigrationBuilder migrationBuilder)
    {
        foreach (var (table, stamp) in Watched)
        {
            foreach (var kind in new[] { "INSERT", "UPDATE", "DELETE" })
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "TR_{table}_Stamp_{kind}" AFTER {kind} ON "{table}"
                    BEGIN
                        UPDATE "ChangeStamps" SET "Version" = "Version" + 1 WHERE "Name" = '{stamp}';
                    END;
                    """);
            }
        }
    }

    public static void DropSqliteTriggers(MigrationBuilder migrationBuilder)
    {
        foreach (var (table, _) in Watched)
        {
            foreach (var kind in new[] { "INSERT", "UPDATE", "DELETE" })
            {
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "TR_{table}_Stamp_{kind}";""");
            }
        }
    }

    /// <summary>One statement-level trigger per table: a dashboard save that writes ten rows raises the stamp once.</summary>
    public static void CreatePostgreSqlTriggers(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE FUNCTION change_stamp_raise() RETURNS trigger LANGUAGE plpgsql AS $stamp$
            BEGIN
                UPDATE "ChangeStamps" SET "Version" = "Version" + 1 WHERE "Name" = TG_ARGV[0];
                RETURN NULL;
            END
            $stamp$;
            """);
        foreach (var (table, stamp) in Watched)
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER "TR_{table}_Stamp" AFTER INSERT OR UPDATE OR DELETE ON "{table}"
                FOR EACH STATEMENT EXECUTE FUNCTION change_stamp_raise('{stamp}');
                """);
        }
    }

    public static void DropPostgreSqlTriggers(MigrationBuilder migrationBuilder)
    {
        foreach (var (table, _) in Watched)
        {
            migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "TR_{table}_Stamp" ON "{table}";""");
        }
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS change_stamp_raise();");
    }
}

internal sealed class ChangeStampEntityTypeConfiguration : IEntityTypeConfiguration<ChangeStamp>
{
    public void Configure(EntityTypeBuilder<ChangeStamp> builder)
    {
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(32);
        builder.HasData(
            new ChangeStamp { Name = ChangeStamp.Catalog, Version = 0 },
            new ChangeStamp { Name = ChangeStamp.Settings, Version = 0 });
    }
}
