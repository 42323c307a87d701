/* A shared library without the model API: the runner must refuse it. */
int not_a_model(void) { return 0; }
