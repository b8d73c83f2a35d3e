using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenBooking.Tools.Data.Migrations
{
    /// <summary>
    /// Makes the database itself refuse two overlapping confirmed bookings: a confirmed booking whose
    /// [Start, End) meets another confirmed booking's aborts the statement with <c>booking_overlap</c>
    /// (SQLite error 19, SQLITE_CONSTRAINT_TRIGGER; EF Core raises a DbUpdateException around it).
    /// Hand-written SQL: the model does not know about triggers, so the snapshot is unchanged.
    /// </summary>
    /// <remarks>
    /// SQLite drops a table's triggers with the table. A later migration in which EF Core rebuilds the
    /// Bookings table (most column changes on SQLite) must call <see cref="CreateTriggers"/> again after it.
    /// </remarks>
    public partial class BookingOverlapGuard : Migration
    {
        private const string OverlapCondition = """
            NEW."Status" = 'Confirmed' AND EXISTS (
                SELECT 1 FROM "Bookings" AS b
                WHERE b."Status" = 'Confirmed'
                  AND b."Id" <> NEW."Id"
                  AND b."Start" < NEW."End"
                  AND b."End" > NEW."Start")
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => CreateTriggers(migrationBuilder);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => DropTriggers(migrationBuilder);

        /// <summary>Creates the two overlap triggers on Bookings (insert, and update of Start, End or Status).</summary>
        public static void CreateTriggers(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER "TR_Bookings_NoOverlap_Insert"
                BEFORE INSERT ON "Bookings"
                WHEN {OverlapCondition}
                BEGIN
                    SELECT RAISE(ABORT, 'booking_overlap');
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "TR_Bookings_NoOverlap_Update"
                BEFORE UPDATE OF "Start", "End", "Status" ON "Bookings"
                WHEN {OverlapCondition}
                BEGIN
                    SELECT RAISE(ABORT, 'booking_overlap');
                END;
                """);
        }

        /// <summary>Drops the two overlap triggers.</summary>
        public static void DropTriggers(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_Bookings_NoOverlap_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_Bookings_NoOverlap_Insert";""");
        }
    }
}
