using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OpenBooking.Tools.Data;

/// <summary>
/// The database's promise that no confirmed booking overlaps another beyond its service's capacity (and never
/// overlaps a booking of another service), whatever process or instance writes it. On SQLite it is a pair of triggers
/// (migration ServicesAndRules); on PostgreSQL it is <see cref="CreatePostgreSql"/>.
/// </summary>
public static class BookingGuard
{
    /// <summary>The error text both guards raise; <c>BookingService</c> turns it into <c>slot_taken</c>.</summary>
    public const string Error = "booking_overlap";

    /// <summary>The key of the PostgreSQL advisory lock under which bookings are decided, one at a time.</summary>
    public const string LockKey = "openbooking.bookings";

    /// <summary>
    /// Takes the guard's transaction-scoped advisory lock now (PostgreSQL only; the trigger takes the same one again,
    /// which a transaction may), so that a check made after it sees every booking decided before.
    /// </summary>
    public static Task LockAsync(OpenBookingDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(LockSql, cancellationToken);

    private const string LockSql = "SELECT pg_advisory_xact_lock(hashtext('" + LockKey + "'))";

    /// <summary>
    /// A trigger that, for each confirmed booking written, takes a transaction-scoped advisory lock (so two instances
    /// deciding at the same moment take turns until the first commits), then counts the overlapping confirmed bookings
    /// with a fresh snapshot and raises <c>booking_overlap</c> (SQLSTATE 23P01, exclusion violation) when the new one
    /// does not fit. An exclusion constraint alone cannot express a capacity above one.
    /// </summary>
    public static void CreatePostgreSql(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($$"""
            CREATE FUNCTION booking_capacity_guard() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $guard$
            BEGIN
                IF NEW."Status" <> 'Confirmed' THEN
                    RETURN NEW;
                END IF;
                PERFORM pg_advisory_xact_lock(hashtext('{{LockKey}}'));
                IF EXISTS (
                        SELECT 1 FROM "Bookings" AS b
                        WHERE b."Status" = 'Confirmed' AND b."Id" <> NEW."Id"
                          AND b."BlockStart" < NEW."BlockEnd" AND b."BlockEnd" > NEW."BlockStart"
                          AND b."ServiceId" <> NEW."ServiceId")
                    OR (
                        SELECT COUNT(*) FROM "Bookings" AS b
                        WHERE b."Status" = 'Confirmed' AND b."Id" <> NEW."Id"
                          AND b."BlockStart" < NEW."BlockEnd" AND b."BlockEnd" > NEW."BlockStart"
                          AND b."ServiceId" = NEW."ServiceId") >= NEW."Capacity" THEN
                    RAISE EXCEPTION '{{Error}}' USING ERRCODE = '23P01';
                END IF;
                RETURN NEW;
            END
            $guard$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TR_Bookings_Capacity"
            BEFORE INSERT OR UPDATE OF "Start", "End", "BlockStart", "BlockEnd", "Status", "ServiceId", "Capacity" ON "Bookings"
            FOR EACH ROW EXECUTE FUNCTION booking_capacity_guard();
            """);
    }

    public static void DropPostgreSql(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_Bookings_Capacity" ON "Bookings";""");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS booking_capacity_guard();");
    }
}
