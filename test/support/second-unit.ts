// The second ward of the unit-scope tests is the one `make up` adds beside Ba Đình.
export { NEIGHBOUR_UNIT as SECOND_UNIT, NEIGHBOUR_USERS as SECOND_USERS, seedNeighbourWard as createSecondUnit } from '../../scripts/reference-data';
