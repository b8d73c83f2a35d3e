using System;
using Microsoft.EntityFrameworkCore.Migrations;
using OpenBooking.Tools.Calendar;

#nullable disable

namespace OpenBooking.Tools.Data.Migrations
{
    /// <inheritdoc />
    public partial class ServicesAndRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            BookingOverlapGuard.DropTriggers(migrationBuilder);
            migrationBuilder.DropIndex(
                name: "IX_Bookings_Status_Start_End",
                table: "Bookings");

            migrationBuilder.AddColumn<long>(
                name: "BlockEnd",
                table: "Bookings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "BlockStart",
                table: "Bookings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "Capacity",
                table: "Bookings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "ReminderSentAt",
                table: "Bookings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ServiceId",
                table: "Bookings",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "AppSettings",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppSettings", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "Closures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Closures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboxMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BookingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Services",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    BufferBeforeMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    BufferAfterMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    MinimumNoticeMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    HorizonDays = table.Column<int>(type: "INTEGER", nullable: false),
                    SlotIntervalMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangeNoticeMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Services", x => x.Id);
                });

            // Bookings made before services existed belong to the default service; their block is their time.
            migrationBuilder.Sql($"""
                INSERT INTO "Services" ("Id", "Name", "DurationMinutes", "BufferBeforeMinutes", "BufferAfterMinutes",
                    "MinimumNoticeMinutes", "HorizonDays", "SlotIntervalMinutes", "ChangeNoticeMinutes", "Capacity", "IsActive", "SortOrder")
                SELECT '{ServiceCatalogDefaults.DefaultServiceIdText}', 'Appointment', 60, 0, 0, 60, 90, 30, 120, 1, 1, 0
                WHERE EXISTS (SELECT 1 FROM "Bookings");
                UPDATE "Bookings" SET "ServiceId" = '{ServiceCatalogDefaults.DefaultServiceIdText}', "BlockStart" = "Start", "BlockEnd" = "End", "Capacity" = 1;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_ServiceId",
                table: "Bookings",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_Status_BlockStart_BlockEnd",
                table: "Bookings",
                columns: new[] { "Status", "BlockStart", "BlockEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_Status_ReminderSentAt_Start",
                table: "Bookings",
                columns: new[] { "Status", "ReminderSentAt", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_Closures_From_To",
                table: "Closures",
                columns: new[] { "From", "To" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_ProcessedAt_NextAttemptAt",
                table: "OutboxMessages",
                columns: new[] { "ProcessedAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Services_Name",
                table: "Services",
                column: "Name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Bookings_Services_ServiceId",
                table: "Bookings",
                column: "ServiceId",
                principalTable: "Services",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            // EF Core rebuilds Bookings for the foreign key at the end of this migration, which drops triggers:
            // the capacity triggers are created by the next migration, BookingCapacityGuard.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The table rebuild at the end of Down drops triggers, so the first overlap triggers cannot be
            // restored here: below this migration the database no longer refuses overlaps by itself.

            migrationBuilder.DropForeignKey(
                name: "FK_Bookings_Services_ServiceId",
                table: "Bookings");

            migrationBuilder.DropTable(
                name: "AppSettings");

            migrationBuilder.DropTable(
                name: "Closures");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "Services");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_ServiceId",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_Status_BlockStart_BlockEnd",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_Status_ReminderSentAt_Start",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "BlockEnd",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "BlockStart",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "Capacity",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "ReminderSentAt",
                table: "Bookings");

            migrationBuilder.DropColumn(
                name: "ServiceId",
                table: "Bookings");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_Status_Start_End",
                table: "Bookings",
                columns: new[] { "Status", "Start", "End" });
        }

        /// <summary>
        /// A confirmed booking may not overlap (by its block, buffers included) a confirmed booking of another
        /// service, nor as many confirmed bookings of its own service as its capacity. The count is of every
        /// overlapping booking, so it can refuse early but never lets a slot go over capacity.
        /// </summary>
        private const string CapacityCondition = """
            NEW."Status" = 'Confirmed' AND (
                EXISTS (
                    SELECT 1 FROM "Bookings" AS b
                    WHERE b."Status" = 'Confirmed' AND b."Id" <> NEW."Id"
                      AND b."BlockStart" < NEW."BlockEnd" AND b."BlockEnd" > NEW."BlockStart"
                      AND b."ServiceId" <> NEW."ServiceId")
                OR (
                    SELECT COUNT(*) FROM "Bookings" AS b
                    WHERE b."Status" = 'Confirmed' AND b."Id" <> NEW."Id"
                      AND b."BlockStart" < NEW."BlockEnd" AND b."BlockEnd" > NEW."BlockStart"
                      AND b."ServiceId" = NEW."ServiceId") >= NEW."Capacity")
            """;

        /// <summary>Creates the capacity triggers on Bookings. Call again after any migration that rebuilds Bookings.</summary>
        public static void CreateCapacityTriggers(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER "TR_Bookings_Capacity_Insert"
                BEFORE INSERT ON "Bookings"
                WHEN {CapacityCondition}
                BEGIN
                    SELECT RAISE(ABORT, 'booking_overlap');
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "TR_Bookings_Capacity_Update"
                BEFORE UPDATE OF "Start", "End", "BlockStart", "BlockEnd", "Status", "ServiceId", "Capacity" ON "Bookings"
                WHEN {CapacityCondition}
                BEGIN
                    SELECT RAISE(ABORT, 'booking_overlap');
                END;
                """);
        }

        public static void DropCapacityTriggers(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_Bookings_Capacity_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_Bookings_Capacity_Insert";""");
        }
    }
}
