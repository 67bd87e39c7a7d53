/** The list the client unit tests' todos are in (any UUID: these tests never reach a server's lists). */
export const TEST_LIST_ID = '0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b';
