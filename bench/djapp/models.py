from django.db import models


class Audit(models.Model):
    create_uid = models.IntegerField(null=True)
    create_date = models.DateTimeField(null=True)
    write_uid = models.IntegerField(null=True)
    write_date = models.DateTimeField(null=True)

    class Meta:
        abstract = True


class Partner(Audit):
    name = models.CharField(max_length=255, null=True)
    active = models.BooleanField(null=True)
    is_company = models.BooleanField(null=True)
    type = models.CharField(max_length=32, null=True)
    lang = models.CharField(max_length=16, null=True)
    company_id = models.IntegerField(null=True)
    party_kind = models.CharField(max_length=32, null=True)
    id_number = models.CharField(max_length=32, null=True)
    id_number_masked = models.CharField(max_length=32, null=True)
    uscc = models.CharField(max_length=32, null=True)
    identifier_digest = models.CharField(max_length=64, null=True)
    commercial_partner_id = models.IntegerField(null=True)

    class Meta:
        managed = False
        db_table = "res_partner"


class User(models.Model):
    partner = models.ForeignKey(Partner, models.DO_NOTHING, db_column="partner_id")

    class Meta:
        managed = False
        db_table = "res_users"


class SeqRange(models.Model):
    sequence_id = models.IntegerField()
    date_from = models.DateField()
    date_to = models.DateField()
    number_next = models.IntegerField()

    class Meta:
        managed = False
        db_table = "ir_sequence_date_range"


class CalendarDay(models.Model):
    date = models.DateField()
    kind = models.CharField(max_length=32)

    class Meta:
        managed = False
        db_table = "fuyi_calendar_day"


class Case(Audit):
    name = models.CharField(max_length=64, null=True)
    case_type = models.CharField(max_length=32)
    title = models.CharField(max_length=255, null=True)
    agency = models.ForeignKey(Partner, models.DO_NOTHING, db_column="agency_id", null=True, related_name="+")
    applicant_names = models.CharField(max_length=255, null=True)
    date_received = models.DateField()
    next_due_date = models.DateField(null=True)
    user = models.ForeignKey(User, models.DO_NOTHING, db_column="user_id", null=True, related_name="+")
    company_id = models.IntegerField(null=True)
    active = models.BooleanField(null=True)

    class Meta:
        managed = False
        db_table = "fuyi_case"


class Reconsideration(Audit):
    case = models.ForeignKey(Case, models.DO_NOTHING, db_column="case_id", related_name="+")
    state = models.CharField(max_length=32)
    channel = models.CharField(max_length=32)
    request = models.TextField(null=True)
    facts_reasons = models.TextField(null=True)
    act_description = models.CharField(max_length=255, null=True)
    act_date = models.DateField(null=True)
    act_known_date = models.DateField(null=True)
    act_real_estate = models.BooleanField(null=True)
    application_due_date = models.DateField(null=True)
    application_late = models.BooleanField(null=True)
    beyond_absolute_limit = models.BooleanField(null=True)
    procedure = models.CharField(max_length=32, null=True)
    facts_clear = models.BooleanField(null=True)
    decision_type = models.CharField(max_length=32, null=True)

    class Meta:
        managed = False
        db_table = "fuyi_reconsideration"


class CaseParty(Audit):
    case = models.ForeignKey(Case, models.DO_NOTHING, db_column="case_id", related_name="parties")
    partner = models.ForeignKey(Partner, models.DO_NOTHING, db_column="partner_id", related_name="+")
    role = models.CharField(max_length=32)
    is_primary = models.BooleanField(null=True)
    sequence = models.IntegerField(null=True)

    class Meta:
        managed = False
        db_table = "fuyi_case_party"


class Deadline(Audit):
    name = models.CharField(max_length=255)
    case = models.ForeignKey(Case, models.DO_NOTHING, db_column="case_id", related_name="deadlines")
    kind = models.CharField(max_length=64, null=True)
    legal_basis = models.CharField(max_length=255)
    start_event = models.CharField(max_length=255, null=True)
    start_date = models.DateField()
    length = models.IntegerField()
    unit = models.CharField(max_length=32)
    roll_over = models.BooleanField(null=True)
    extension_length = models.IntegerField(null=True)
    paused_days = models.IntegerField(null=True)
    calendar_version = models.IntegerField(null=True)
    due_date = models.DateField(null=True)
    provisional = models.BooleanField(null=True)
    explanation = models.TextField(null=True)
    state = models.CharField(max_length=32)
    user_id = models.IntegerField(null=True)

    class Meta:
        managed = False
        db_table = "fuyi_deadline"
