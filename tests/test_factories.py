from tests.buildings.factories import VacancyRecordFactory


def test_factories_build_a_valid_record(db):
    record = VacancyRecordFactory(vacant_area_m2=100)
    record.full_clean()
    assert record.building.municipality.province.code == "PV26"
